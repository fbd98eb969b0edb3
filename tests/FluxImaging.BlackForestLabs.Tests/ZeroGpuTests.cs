namespace FluxImaging.BlackForestLabs.Tests;

[TestFixture]
public sealed class ZeroGpuTests : FluxDevFixture
{
    [Test]
    public async Task Anonymous_headers_go_on_the_join_only()
    {
        await Client.GenerateImageAsync("a cat", "flux-dev");

        var join = Space.Requests.Single(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal));
        Assert.That((join.Header("x-zerogpu-token"), join.Header("x-zerogpu-uuid")), Is.EqualTo(("[object Object]", "[object Object]")));
        Assert.That(Space.Requests.Where(r => r != join).Select(r => r.Header("x-zerogpu-token")), Has.All.Null);
        Assert.That(Hub.Requests, Is.Empty, "no Hugging Face token, no JWT request");
    }

    [Test]
    public async Task Anonymous_headers_can_be_turned_off()
    {
        Rebuild(o => o.SendAnonymousZeroGpuHeaders = false);

        await Client.GenerateImageAsync("a cat", "flux-dev");

        Assert.That(Space.Requests.Select(r => r.Header("x-zerogpu-token")), Has.All.Null);
    }

    [Test]
    public async Task A_Hugging_Face_token_fetches_a_JWT_that_is_sent_to_the_Space_and_cached()
    {
        Rebuild(o => o.HuggingFaceToken = "hf_test_secret");

        await Client.GenerateImageAsync("a cat", "flux-dev");
        await Client.GenerateImageAsync("a dog", "flux-dev");

        var jwtRequest = Hub.Requests.Single();
        Assert.That(jwtRequest.Path, Is.EqualTo("/api/spaces/black-forest-labs/FLUX.1-dev/jwt"));
        Assert.That(jwtRequest.Query, Does.Match(@"^\?expiration=\d{4}-\d{2}-\d{2}T\d{2}%3A\d{2}%3A\d{2}\.\d{3}%2B00%3A00&include_pro_status=true$"));
        Assert.That(jwtRequest.Header("Authorization"), Is.EqualTo("Bearer hf_test_secret"));

        var joins = Space.Requests.Where(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal)).ToList();
        Assert.That(joins.Select(j => j.Header("x-zerogpu-token")), Has.All.Match("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$"));
        Assert.That(joins.Select(j => j.Header("x-zerogpu-token")).Distinct().Count(), Is.EqualTo(1), "the JWT is reused until shortly before it expires");
    }

    [Test]
    public async Task The_Hugging_Face_token_reaches_the_Space_only_in_its_credential_headers_so_the_users_quota_is_charged()
    {
        Rebuild(o => o.HuggingFaceToken = "hf_test_secret");

        var response = await Client.GenerateImageAsync("a cat", "flux-dev");
        await response.Images[0].ReadAllBytesAsync();

        // zerogpu.md §4: on every request to the Space's own host (config, join, data, files), as gradio_client and
        // @gradio/client send it; never in a body or a query.
        Assert.That(Space.Requests.Select(r => (r.Header("X-HF-Authorization"), r.Header("Authorization"))), Has.All.EqualTo(("Bearer hf_test_secret", "Bearer hf_test_secret")));
        Assert.That(Space.Requests.Select(r => r.BodyText + r.Query), Has.None.Contains("hf_test_secret"));
        Assert.That(Space.Requests.Select(r => r.Path), Has.Some.Contains("/file="));
    }

    [Test]
    public async Task A_configured_ZeroGPU_token_wins_and_no_JWT_is_fetched()
    {
        Rebuild(o =>
        {
            o.ZeroGpuToken = "ready.zerogpu.jwt";
            o.HuggingFaceToken = "hf_test_secret";
            o.ZeroGpuUuid = "uuid-1";
        });

        await Client.GenerateImageAsync("a cat", "flux-dev");

        var join = Space.Requests.Single(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal));
        Assert.That((join.Header("x-zerogpu-token"), join.Header("x-zerogpu-uuid")), Is.EqualTo(("ready.zerogpu.jwt", "uuid-1")));
        Assert.That(Hub.Requests, Is.Empty);
    }

    [Test]
    public void A_rejected_Hugging_Face_token_is_an_unauthorized_error_that_does_not_echo_it()
    {
        Rebuild(o => o.HuggingFaceToken = "not-an-hf-token");

        var error = Assert.ThrowsAsync<FluxImagingException>(() => Client.GenerateImageAsync("a cat", "flux-dev"));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.Unauthorized));
        Assert.That(error.Message, Does.Not.Contain("not-an-hf-token"));
        Assert.That(Space.Requests.Where(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal)), Is.Empty);
    }
}
