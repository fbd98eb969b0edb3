using System.Text.Json;

namespace FluxImaging.Gradio.Tests;

[TestFixture]
public sealed class FileDataTests
{
    private static readonly GradioApp App = GradioApp.FromConfig(
        new Uri("https://space.test"),
        new Json.ConfigDocument { ApiPrefix = "/gradio_api", Root = "https://root.space.test" });

    [Test]
    public void An_absolute_url_is_used_as_returned() =>
        Assert.That(Resolve("""{"path":"/tmp/x.webp","url":"https://cdn.test/x.webp","meta":{"_type":"gradio.FileData"}}"""), Is.EqualTo(new Uri("https://cdn.test/x.webp")));

    [Test]
    public void A_relative_url_resolves_against_the_apps_root() =>
        Assert.That(Resolve("""{"path":"/tmp/x.webp","url":"/gradio_api/file=/tmp/x.webp","meta":{"_type":"gradio.FileData"}}"""), Is.EqualTo(new Uri("https://root.space.test/gradio_api/file=/tmp/x.webp")));

    [Test]
    public void Without_a_url_the_file_route_is_built_from_root_prefix_and_path() =>
        Assert.That(Resolve("""{"path":"/tmp/x.webp","url":null,"meta":{"_type":"gradio.FileData"}}"""), Is.EqualTo(new Uri("https://root.space.test/gradio_api/file=/tmp/x.webp")));

    [Test]
    public void Servers_before_4_21_are_recognised_by_path_and_url() =>
        Assert.That(Resolve("""{"path":"/tmp/x.webp","url":"https://space.test/file=/tmp/x.webp"}"""), Is.EqualTo(new Uri("https://space.test/file=/tmp/x.webp")));

    [TestCase("""{"path":"/tmp/x","url":"file:///etc/passwd","meta":{"_type":"gradio.FileData"}}""")]
    [TestCase("""{"path":"/tmp/x","url":"javascript:alert(1)","meta":{"_type":"gradio.FileData"}}""")]
    [TestCase("""{"path":"file:///etc/passwd","url":null,"meta":{"_type":"gradio.FileData"}}""")]
    [TestCase("""{"path":"/tmp/x","url":"data:text/html,<script>","meta":{"_type":"gradio.FileData"}}""")]
    public void A_file_that_names_no_http_location_resolves_to_nothing(string json) =>
        Assert.That(Resolve(json), Is.Null);

    [Test]
    public void A_data_image_url_is_kept() =>
        Assert.That(Resolve("""{"path":"/tmp/x","url":"data:image/png;base64,iVBORw0KGgo=","meta":{"_type":"gradio.FileData"}}""")!.Scheme, Is.EqualTo("data"));

    [Test]
    public void A_file_input_is_written_as_Gradio_expects()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            new GradioFile("/tmp/gradio/ab/in.png", null, "in.png", "image/png", 3).WriteTo(writer);
        }

        Assert.That(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), Is.EqualTo("""{"path":"/tmp/gradio/ab/in.png","orig_name":"in.png","size":3,"mime_type":"image/png","meta":{"_type":"gradio.FileData"}}"""));
    }

    [TestCase("""{"value":1}""")]
    [TestCase("42")]
    [TestCase("""{"meta":{"_type":"gradio.FileData"}}""")]
    public void Other_values_are_not_files(string json) =>
        Assert.That(GradioFile.TryRead(JsonDocument.Parse(json).RootElement, out _), Is.False);

    [Test]
    public void The_first_dependency_named_infer_gives_fn_index_and_trigger()
    {
        var config = JsonSerializer.Deserialize(
            """{"version":"5.49.1","api_prefix":"/gradio_api","dependencies":[{"id":0,"api_name":false,"inputs":[]},{"id":5,"api_name":"infer","inputs":[1,2],"outputs":[3],"targets":[[9,"click"],[1,"submit"]],"types":{"generator":true}},{"id":6,"api_name":"infer","inputs":[]}],"components":[{"id":1,"type":"textbox","props":{}},{"id":2,"type":"slider","props":{"minimum":256,"maximum":2048,"value":1024}},{"id":3,"type":"image","props":{}}]}""",
            Json.GradioJsonContext.Default.ConfigDocument)!;

        var function = GradioApp.FromConfig(new Uri("http://127.0.0.1:7860"), config).Function("/infer")!;

        Assert.That((function.FnIndex, function.TriggerId, function.IsGenerator), Is.EqualTo((5, (int?)9, true)));
        Assert.That(function.Inputs.Select(i => i.Type), Is.EqualTo(new[] { "textbox", "slider" }));
        Assert.That(function.Inputs[1].Maximum, Is.EqualTo(2048));
    }

    private static Uri? Resolve(string json)
    {
        Assert.That(GradioFile.TryRead(JsonDocument.Parse(json).RootElement, out var file), Is.True);
        return file!.Resolve(App);
    }
}
