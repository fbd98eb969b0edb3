using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Gradio;
using FluxImaging.Testing.ImageLabs;
using FluxImaging.Testing.OpenAI;
using FluxImaging.Testing.Tests.Gradio;

namespace FluxImaging.Testing.Tests.Hostile;

/// <summary>Each hostile mode produces what it claims (issue 11): the bytes on the wire, measured without holding them.</summary>
[TestFixture]
public sealed class HostileFaultTests
{
    private const long MiB = 1 << 20;

    [Test]
    public async Task A_gzip_bomb_is_small_on_the_wire_and_huge_when_decoded()
    {
        await using var space = await Spaces.StartAsync("FluxDev");
        space.Host.Faults.Add("GET", "/config", Fault.GzipBomb(256 * MiB));
        using var http = new HttpClient { BaseAddress = space.BaseAddress };

        using var response = await http.GetAsync("/config");
        var (compressed, decompressed, head, tail) = await StreamMeasure.GunzipAsync(response);

        Assert.That(response.Content.Headers.ContentEncoding, Is.EqualTo(new[] { "gzip" }));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        Assert.That(decompressed, Is.EqualTo(256 * MiB));
        Assert.That(compressed, Is.LessThan(decompressed / 500), $"{compressed} bytes on the wire");
        Assert.That(Encoding.ASCII.GetString(head), Does.StartWith("{\"event_id\":\"aaaa"));
        Assert.That(Encoding.ASCII.GetString(tail), Does.EndWith("aaaa\"}"));
    }

    [TestCase("space", "GET", "/config")]
    [TestCase("space", "GET", "/gradio_api/info")]
    [TestCase("space", "POST", "/gradio_api/queue/join")]
    [TestCase("space", "GET", "/gradio_api/queue/data")]
    [TestCase("space", "POST", "/gradio_api/call/infer")]
    [TestCase("space", "POST", "/gradio_api/upload")]
    [TestCase("space", "GET", "/gradio_api/file=/tmp/gradio/x/image.png")]
    [TestCase("hub", "GET", "/api/spaces/owner/name/jwt")]
    [TestCase("imagelabs", "POST", "/txt2img")]
    [TestCase("imagelabs", "POST", "/progress")]
    [TestCase("openai", "POST", "/v1/images/generations")]
    [TestCase("openai", "GET", "/media/image.png")]
    public async Task Every_route_a_client_calls_can_answer_a_bomb(string emulator, string method, string path)
    {
        await using var host = await StartAsync(emulator);
        host.Host.Faults.Add(method, path.Split('?')[0], Fault.GzipBomb(8 * MiB));
        using var http = new HttpClient { BaseAddress = host.Host.BaseAddress };

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null });
        var (_, decompressed, _, _) = await StreamMeasure.GunzipAsync(response);

        Assert.That(decompressed, Is.EqualTo(8 * MiB));
    }

    [Test]
    public async Task One_event_of_many_data_lines_ends_with_a_single_blank_line()
    {
        await using var space = await Spaces.StartAsync("FluxDev");
        space.Host.Faults.Add("GET", "/queue/data", Fault.ManyDataLines(lines: 300, lineBytes: 1000));
        using var http = new HttpClient { BaseAddress = space.BaseAddress };

        var text = await http.GetStringAsync("/gradio_api/queue/data?session_hash=x");

        var lines = text.Split('\n');
        Assert.That(lines.Take(300), Has.All.Length.EqualTo(1006).And.All.StartWith("data: x"));
        Assert.That(lines.Skip(300), Is.EqualTo(new[] { string.Empty, string.Empty }), "one blank line ends the event");
    }

    [Test]
    public async Task Many_data_lines_can_come_gzipped_at_the_issues_size()
    {
        await using var space = await Spaces.StartAsync("FluxDev");
        space.Host.Faults.Add("GET", "/queue/data", Fault.ManyDataLines(gzip: true));
        using var http = new HttpClient { BaseAddress = space.BaseAddress };

        using var response = await http.GetAsync("/gradio_api/queue/data?session_hash=x", HttpCompletionOption.ResponseHeadersRead);
        var (compressed, decompressed, head, _) = await StreamMeasure.GunzipAsync(response);

        Assert.That(decompressed, Is.EqualTo((300L * (6 + MiB + 1)) + 1), "300 lines of 1 MiB and the closing blank line");
        Assert.That(compressed, Is.LessThan(2 * MiB));
        Assert.That(Encoding.ASCII.GetString(head), Does.StartWith("data: xxxx"));
    }

    [TestCase("\n")]
    [TestCase("\r\n")]
    [TestCase("\r")]
    public async Task A_flood_of_blank_lines_has_exactly_the_line_endings_asked_for(string ending)
    {
        await using var space = await Spaces.StartAsync("FluxDev");
        space.Host.Faults.Add("GET", "/queue/data", Fault.BlankLines(count: 64 * MiB, lineEnding: ending));
        using var http = new HttpClient { BaseAddress = space.BaseAddress };

        using var response = await http.GetAsync("/gradio_api/queue/data?session_hash=x", HttpCompletionOption.ResponseHeadersRead);
        var (compressed, decompressed, head, tail) = await StreamMeasure.GunzipAsync(response);

        Assert.That(decompressed, Is.EqualTo(64 * MiB * ending.Length));
        Assert.That(compressed, Is.LessThan(decompressed / 500));
        Assert.That(Encoding.ASCII.GetString(head) + Encoding.ASCII.GetString(tail), Is.EqualTo(string.Concat(Enumerable.Repeat(ending, 64 / ending.Length))));
    }

    [Test]
    public async Task A_flood_of_comment_lines_is_only_comments()
    {
        await using var space = await Spaces.StartAsync("FluxDev");
        space.Host.Faults.Add("GET", "/queue/data", Fault.CommentLines(count: 1000, commentBytes: 10));
        using var http = new HttpClient { BaseAddress = space.BaseAddress };

        var lines = (await http.GetStringAsync("/gradio_api/queue/data?session_hash=x")).Split('\n');

        Assert.That(lines[..^1], Has.Length.EqualTo(1000).And.All.EqualTo(":          "));
    }

    [TestCase(301, "GET", "/config")]
    [TestCase(302, "GET", "/gradio_api/file=/tmp/gradio/x/image.png")]
    [TestCase(307, "POST", "/gradio_api/queue/join")]
    [TestCase(308, "POST", "/gradio_api/call/infer")]
    public async Task A_redirect_sends_the_client_to_the_recording_host_which_records_what_followed(int status, string method, string path)
    {
        await using var space = await Spaces.StartAsync("FluxDev");
        await using var other = await RecordingHost.StartAsync();
        space.Host.Faults.Add(method, path.Split('?')[0], Fault.Redirect(status, other.BaseAddress));
        using var naive = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true }) { BaseAddress = space.BaseAddress };
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null };
        request.Headers.Add("x-zerogpu-token", "secret-token");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "hf_secret");

        using var response = await naive.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var arrived = other.Requests.Single();
        Assert.That(arrived.Path, Is.EqualTo(path.Split('?')[0]));
        Assert.That(arrived.Header("x-zerogpu-token"), Is.EqualTo("secret-token"), "what a client that follows redirects blindly leaks");
        Assert.That(arrived.Header("Authorization"), Is.Null, ".NET itself drops Authorization on a redirect");
    }

    [Test]
    public async Task The_redirect_location_names_the_other_origin_with_the_path_and_query()
    {
        await using var space = await Spaces.StartAsync("FluxDev");
        space.Host.Faults.Add("GET", "/queue/data", Fault.Redirect(307, new Uri("http://127.0.0.1:9")));
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = space.BaseAddress };

        using var response = await http.GetAsync("/gradio_api/queue/data?session_hash=abc");

        Assert.That((int)response.StatusCode, Is.EqualTo(307));
        Assert.That(response.Headers.Location, Is.EqualTo(new Uri("http://127.0.0.1:9/gradio_api/queue/data?session_hash=abc")));
    }

    [Test]
    public async Task A_slow_drip_keeps_sending_and_never_ends()
    {
        await using var space = await Spaces.StartAsync("FluxDev");
        space.Host.Faults.Add("GET", "/queue/data", Fault.SlowDrip(TimeSpan.FromMilliseconds(1)));
        using var http = new HttpClient { BaseAddress = space.BaseAddress };

        using var response = await http.GetAsync("/gradio_api/queue/data?session_hash=x", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new StringBuilder();
        var buffer = new byte[16];
        while (received.Length < 100)
        {
            var read = await body.ReadAsync(buffer);
            Assert.That(read, Is.Positive, "the body does not end");
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.That(received.ToString().Replace(":\n", string.Empty, StringComparison.Ordinal), Is.Empty.Or.EqualTo(":"));
    }

    [Test]
    public async Task A_lying_content_length_promises_more_than_ever_arrives()
    {
        await using var space = await Spaces.StartAsync("FluxDev");
        space.Host.Faults.Add("GET", "/info", Fault.LyingContentLength(10L * 1024 * MiB, body: "{\"named_endpoints\":"));
        using var http = new HttpClient { BaseAddress = space.BaseAddress };

        using var response = await http.GetAsync("/gradio_api/info", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();

        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(10L * 1024 * MiB));
        Assert.That(async () => await StreamMeasure.CountAsync(body), Throws.InstanceOf<IOException>());
    }

    [TestCase(HostileText.FileUrl)]
    [TestCase(HostileText.JavaScriptUrl)]
    public async Task Result_file_urls_can_be_hostile(string url)
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell");
        space.FileUrlOverride = url;
        using var wire = new SpaceWire(space);

        var completed = (await wire.QueueAsync(2, new JsonArray("a fox", 1, false, 256, 256, 1))).Single(m => (string?)m["msg"] == "process_completed");

        Assert.That((string?)completed["output"]!["data"]![0]!["url"], Is.EqualTo(url));
    }

    [Test]
    public async Task Result_files_can_come_as_data_urls_with_their_bytes()
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell");
        space.FileUrlsAsDataUris = true;
        using var wire = new SpaceWire(space);

        var file = (await wire.QueueAsync(2, new JsonArray("a fox", 1, false, 256, 256, 1))).Single(m => (string?)m["msg"] == "process_completed")["output"]!["data"]![0]!;

        var url = (string)file["url"]!;
        Assert.That(url, Does.StartWith("data:image/png;base64,"));
        Assert.That(Convert.FromBase64String(url["data:image/png;base64,".Length..]), Is.EqualTo(await wire.Http.GetByteArrayAsync($"/gradio_api/file={file["path"]}")));
    }

    [Test]
    public async Task Control_characters_reach_the_client_in_error_texts_and_log_messages()
    {
        await using var space = await Spaces.StartAsync("OfficialSchnell");
        space.FailNext(HostileText.ControlCharacters, "ZeroGPU quota exceeded\u001b[0m");
        space.LogNext(HostileText.ControlCharacters, "warning", "Warning");
        using var wire = new SpaceWire(space);

        var messages = await wire.QueueAsync(2, new JsonArray("a fox", 1, false, 256, 256, 1));

        Assert.That((string?)messages.Single(m => (string?)m["msg"] == "log")["log"], Is.EqualTo(HostileText.ControlCharacters));
        var completed = messages.Single(m => (string?)m["msg"] == "process_completed");
        Assert.That((string?)completed["output"]!["error"], Is.EqualTo(HostileText.ControlCharacters));
        Assert.That((string?)completed["title"], Is.EqualTo("ZeroGPU quota exceeded\u001b[0m"));
    }

    [Test]
    public async Task ImageLabs_can_send_hostile_error_texts_and_image_urls()
    {
        await using var labs = await ImageLabsEmulator.StartAsync();
        labs.PollsUntilDone = 1;
        labs.ErrorMessage = HostileText.ControlCharacters;
        labs.ImageUrlOverride = HostileText.FileUrl;
        using var http = new HttpClient { BaseAddress = labs.BaseAddress };

        var done = await PollOnceAsync(http);
        labs.FailNext(ImageLabsFault.ErrorStatus);
        var failed = await PollOnceAsync(http);

        Assert.That((string?)done["final_image_url"], Is.EqualTo(HostileText.FileUrl));
        Assert.That((string?)failed["message"], Is.EqualTo(HostileText.ControlCharacters));
    }

    [Test]
    public async Task OpenAI_can_answer_a_hostile_image_url()
    {
        await using var openAI = await OpenAIImagesEmulator.StartAsync();
        openAI.ImageUrlOverride = HostileText.JavaScriptUrl;
        using var http = new HttpClient { BaseAddress = openAI.BaseAddress };

        using var response = await http.PostAsync("/v1/images/generations", new StringContent("""{"prompt":"a fox","size":"16x16"}""", Encoding.UTF8, "application/json"));

        Assert.That((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["data"]![0]!["url"], Is.EqualTo(HostileText.JavaScriptUrl));
    }

    private static async Task<JsonObject> PollOnceAsync(HttpClient http)
    {
        using var submitted = await http.PostAsync("/txt2img", new StringContent("""{"prompt":"a fox"}""", Encoding.UTF8, "application/json"));
        var task = (string)JsonNode.Parse(await submitted.Content.ReadAsStringAsync())!["task_id"]!;
        using var polled = await http.PostAsync("/progress", new StringContent(new JsonObject { ["task_id"] = task }.ToJsonString(), Encoding.UTF8, "application/json"));
        return JsonNode.Parse(await polled.Content.ReadAsStringAsync())!.AsObject();
    }

    private static async Task<IHostedEmulator> StartAsync(string emulator) => emulator switch
    {
        "space" => new Hosted(await Spaces.StartAsync("FluxDev"), s => ((GradioSpaceEmulator)s).Host),
        "hub" => new Hosted(await HuggingFaceHub.StartAsync(), s => ((HuggingFaceHub)s).Host),
        "imagelabs" => new Hosted(await ImageLabsEmulator.StartAsync(), s => ((ImageLabsEmulator)s).Host),
        _ => new Hosted(await OpenAIImagesEmulator.StartAsync(), s => ((OpenAIImagesEmulator)s).Host),
    };

    private interface IHostedEmulator : IAsyncDisposable
    {
        EmulatorHost Host { get; }
    }

    private sealed class Hosted(IAsyncDisposable emulator, Func<IAsyncDisposable, EmulatorHost> host) : IHostedEmulator
    {
        public EmulatorHost Host => host(emulator);

        public ValueTask DisposeAsync() => emulator.DisposeAsync();
    }
}
