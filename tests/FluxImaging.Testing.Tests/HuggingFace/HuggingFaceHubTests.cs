using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Testing.Tests.HuggingFace;

/// <summary>The Hugging Face API double: Space info, runtime stages, host resolution, JWTs (<c>zerogpu.md</c> §6).</summary>
[TestFixture]
public sealed class HuggingFaceHubTests
{
    private HuggingFaceHub _hub = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _hub = await HuggingFaceHub.StartAsync();
        _http = new HttpClient { BaseAddress = _hub.BaseAddress };
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _hub.DisposeAsync();
    }

    [Test]
    public async Task A_preset_space_id_resolves_to_its_emulator()
    {
        await using var space = await FluxKontextDevSpace.StartAsync();
        _hub.AddSpace(space);

        var host = await GetAsync("/api/spaces/black-forest-labs/FLUX.1-Kontext-dev/host");
        var info = await GetAsync("/api/spaces/black-forest-labs/FLUX.1-Kontext-dev");

        var baseUrl = space.BaseAddress.AbsoluteUri.TrimEnd('/');
        Assert.That(((string?)host["host"], (string?)host["subdomain"]), Is.EqualTo((baseUrl, "black-forest-labs-flux-1-kontext-dev")));
        Assert.That(((string?)info["id"], (string?)info["host"], (string?)info["sdk"]), Is.EqualTo(("black-forest-labs/FLUX.1-Kontext-dev", baseUrl, "gradio")));
        Assert.That((string?)info["runtime"]!["stage"], Is.EqualTo("RUNNING"));
        Assert.That((string?)info["runtime"]!["hardware"]!["current"], Is.EqualTo("zero-a10g"));
    }

    [Test]
    public async Task An_unknown_space_is_404_but_its_host_follows_the_subdomain_rule()
    {
        using var info = await _http.GetAsync("/api/spaces/nobody/nothing");
        var host = await GetAsync("/api/spaces/Some_One/My.Space/host");

        Assert.That(info.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((string?)host["host"], Is.EqualTo("https://some-one-my-space.hf.space"));
    }

    [Test]
    public async Task Runtime_and_by_subdomain_answer_for_a_known_space()
    {
        var space = _hub.AddSpace("stabilityai/stable-diffusion-3.5-large", new Uri("http://127.0.0.1:9"));
        space.Stage = SpaceStage.Paused;

        var runtime = await GetAsync("/api/spaces/stabilityai/stable-diffusion-3.5-large/runtime");
        var bySubdomain = await GetAsync("/api/spaces/by-subdomain/stabilityai-stable-diffusion-3-5-large");

        Assert.That((string?)runtime["stage"], Is.EqualTo("PAUSED"));
        Assert.That(runtime["hardware"]!["current"], Is.Null, "no hardware while not running");
        Assert.That((string?)bySubdomain["id"], Is.EqualTo("stabilityai/stable-diffusion-3.5-large"));
    }

    [TestCaseSource(nameof(EveryStage))]
    public async Task Every_stage_is_reported_by_its_wire_name(SpaceStage stage, string wireName)
    {
        _hub.AddSpace("owner/app", new Uri("http://127.0.0.1:9")).Stage = stage;

        var runtime = await GetAsync("/api/spaces/owner/app/runtime");

        Assert.That((string?)runtime["stage"], Is.EqualTo(wireName));
        Assert.That(runtime.AsObject().ContainsKey("errorMessage"), Is.EqualTo(wireName.EndsWith("_ERROR", StringComparison.Ordinal)));
    }

    [Test]
    public async Task A_sleeping_space_turns_running_after_the_given_number_of_polls()
    {
        var space = _hub.AddSpace("owner/app", new Uri("http://127.0.0.1:9"));
        space.WakeAfterPolls(SpaceStage.Sleeping, 3);

        var stages = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            stages.Add((string?)(await GetAsync("/api/spaces/owner/app"))["runtime"]!["stage"]);
        }

        Assert.That(stages, Is.EqualTo(new[] { "SLEEPING", "SLEEPING", "SLEEPING", "RUNNING", "RUNNING" }));
        Assert.That(space.StagePolls, Is.EqualTo(5));
    }

    [Test]
    public async Task A_starting_space_stays_so_until_its_delay_has_passed()
    {
        var later = _hub.AddSpace("owner/later", new Uri("http://127.0.0.1:9"));
        later.WakeAfter(SpaceStage.AppStarting, TimeSpan.FromHours(1));
        var now = _hub.AddSpace("owner/now", new Uri("http://127.0.0.1:9"));
        now.WakeAfter(SpaceStage.Building, TimeSpan.Zero);

        Assert.That((string?)(await GetAsync("/api/spaces/owner/later/runtime"))["stage"], Is.EqualTo("APP_STARTING"));
        Assert.That((string?)(await GetAsync("/api/spaces/owner/now/runtime"))["stage"], Is.EqualTo("RUNNING"));
    }

    [Test]
    public async Task A_private_space_needs_a_token()
    {
        _hub.AddSpace("owner/secret", new Uri("http://127.0.0.1:9")).Private = true;

        using var anonymous = await _http.GetAsync("/api/spaces/owner/secret");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/spaces/owner/secret");
        request.Headers.Authorization = new("Bearer", "hf_user");
        using var withToken = await _http.SendAsync(request);

        Assert.That((anonymous.StatusCode, withToken.StatusCode), Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.OK)));
    }

    [Test]
    public async Task A_jwt_is_three_base64url_parts_whose_payload_says_whether_the_user_is_pro()
    {
        _hub.ProTokens.Add("hf_pro");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/spaces/owner/app/jwt");
        request.Headers.Authorization = new("Bearer", "hf_pro");

        using var response = await _http.SendAsync(request);
        var token = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["token"]!;

        var parts = token.Split('.');
        Assert.That(parts, Has.Length.EqualTo(3));
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])))!;
        Assert.That(((string?)payload["sub"], (bool)payload["pro"]!), Is.EqualTo(("/spaces/owner/app", true)));
        Assert.That(_hub.TokensIssued, Is.EqualTo(1));
    }

    private static IEnumerable<TestCaseData> EveryStage() =>
        Enum.GetValues<SpaceStage>().Select(s => new TestCaseData(s, s.WireName()).SetName($"Stage {s.WireName()}"));

    private async Task<JsonObject> GetAsync(string path) => JsonNode.Parse(await _http.GetStringAsync(path))!.AsObject();
}
