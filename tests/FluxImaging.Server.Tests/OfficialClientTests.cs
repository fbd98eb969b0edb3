using System.ClientModel;
using System.Text.Json;
using FluxImaging.Server.Tests.Support;
using OpenAI;
using OpenAI.Images;
using SdkImage = OpenAI.Images.GeneratedImage;

namespace FluxImaging.Server.Tests;

/// <summary>Official OpenAI SDKs we did not write, pointed at the server.</summary>
[TestFixture]
public sealed class OfficialClientTests
{
    private ServerFixture _server = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _server = await ServerFixture.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task The_dotnet_SDK_generates_bytes_and_urls()
    {
        var client = new ImageClient("flux", new ApiKeyCredential("any"), new OpenAIClientOptions
        {
            Endpoint = _server.Url("/v1"),
            NetworkTimeout = TimeSpan.FromMinutes(2),
        });

        SdkImage bytes = await client.GenerateImageAsync("a red fox in snow", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Bytes, Size = new GeneratedImageSize(256, 256) });
        SdkImage url = await client.GenerateImageAsync("a red fox in snow", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Uri });

        Assert.That(bytes.ImageBytes.ToArray().AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(url.ImageUri.IsAbsoluteUri, Is.True);
        Assert.That((await _server.Http.GetByteArrayAsync(url.ImageUri)).AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(bytes.RevisedPrompt, Is.EqualTo("a red fox in snow"));
    }

    [Test]
    public async Task The_openai_npm_package_generates_and_reads_errors()
    {
        var folder = ServerFixture.RepositoryFolder("tests", "FluxImaging.Server.Tests", "OpenAIClientInterop");
        Assert.That(Directory.Exists(Path.Combine(folder, "node_modules", "openai")), Is.True, $"the openai npm package is not installed: building this project runs 'npm ci' in {folder}.");

        var output = await ServerFixture.RunAsync("node", folder, "check.mjs", _server.Url("/v1").AbsoluteUri);

        var report = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.That(report.GetProperty("b64IsPng").GetBoolean(), Is.True);
        Assert.That(report.GetProperty("created").GetInt64(), Is.GreaterThan(0));
        Assert.That((await _server.Http.GetByteArrayAsync(report.GetProperty("url").GetString())).AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
        var notFound = report.GetProperty("notFound");
        Assert.That((notFound.GetProperty("status").GetInt32(), notFound.GetProperty("code").GetString()), Is.EqualTo((404, "model_not_found")));
    }
}
