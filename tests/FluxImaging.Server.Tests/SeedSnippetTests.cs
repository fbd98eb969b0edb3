using System.Text.Json;
using FluxImaging.Server.Tests.Support;

namespace FluxImaging.Server.Tests;

/// <summary>The seed documents' Python snippet, run with Python's <c>requests</c> against the server on localhost:1337.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SeedSnippetTests
{
    private ServerFixture _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await ServerFixture.StartAsync("http://localhost:1337");

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [TestCase("None", "url")]
    [TestCase("url", "url")]
    [TestCase("b64_json", "b64_json")]
    public async Task The_snippet_gets_a_png_for_every_response_format(string responseFormat, string kind)
    {
        var output = await ServerFixture.RunAsync("python3", TestContext.CurrentContext.TestDirectory, "seed_snippet.py", responseFormat);

        var check = JsonDocument.Parse(output.Split('\n').Single(l => l.StartsWith("CHECK ", StringComparison.Ordinal))[6..]).RootElement;
        Assert.That(check.GetProperty("created").ValueKind, Is.EqualTo(JsonValueKind.Number));
        Assert.That(check.GetProperty("revised_prompt").GetString(), Is.EqualTo("hello world user"));
        var item = check.GetProperty("checks").EnumerateArray().Single();
        Assert.That(item.GetProperty("kind").GetString(), Is.EqualTo(kind));
        Assert.That(item.GetProperty("png").GetBoolean(), Is.True);
        if (kind == "url")
        {
            Assert.That(item.GetProperty("status").GetInt32(), Is.EqualTo(200));
            Assert.That(item.GetProperty("content_type").GetString(), Is.EqualTo("image/png"));
        }

        if (responseFormat == "None")
        {
            Assert.That(item.GetProperty("url").GetString(), Does.StartWith("http://localhost:1337/media/"), "the image is served by this server");
        }
        else if (responseFormat == "url")
        {
            Assert.That(item.GetProperty("url").GetString(), Does.Contain("/gradio_api/file="), "the upstream URL as is");
        }
    }
}
