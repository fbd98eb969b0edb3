using System.Buffers.Binary;
using System.ClientModel;
using System.Text.Json;
using FluxImaging.Server.Tests.Support;
using FluxImaging.Testing.Gradio;
using FluxImaging.Testing.Imaging;
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
        var client = Client("flux");

        SdkImage bytes = await client.GenerateImageAsync("a red fox in snow", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Bytes, Size = new GeneratedImageSize(256, 256) });
        SdkImage url = await client.GenerateImageAsync("a red fox in snow", new ImageGenerationOptions { ResponseFormat = GeneratedImageFormat.Uri });

        Assert.That(bytes.ImageBytes.ToArray().AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(url.ImageUri.IsAbsoluteUri, Is.True);
        Assert.That((await _server.Http.GetByteArrayAsync(url.ImageUri)).AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
        Assert.That(bytes.RevisedPrompt, Is.EqualTo("a red fox in snow"));
    }

    [Test]
    public async Task The_dotnet_SDK_edits_an_image_with_Kontext()
    {
        var client = Client("flux-kontext");
        var input = PngImage.Render("a photo of a cat", 3, 96, 64);
        using var image = new MemoryStream(input);

        SdkImage edited = await client.GenerateImageEditAsync(image, "input.png", "make it snow", new ImageEditOptions { ResponseFormat = GeneratedImageFormat.Bytes, Size = GeneratedImageSize.W1024xH1024 });

        var bytes = edited.ImageBytes.ToArray();
        Assert.That(bytes.AsSpan(1, 3).ToArray(), Is.EqualTo("PNG"u8.ToArray()));
        Assert.That((BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20))), Is.EqualTo((96, 64)), "Kontext keeps the input's size");
        var upload = _server.Emulators!.FluxKontextDev.Uploads[^1];
        Assert.That((upload.Content.ToArray(), upload.FileName), Is.EqualTo((input, "input.png")), "the Space received the file the SDK sent");
        Assert.That(edited.RevisedPrompt, Is.EqualTo("make it snow"));
    }

    [Test]
    public void The_dotnet_SDK_sees_a_400_naming_the_mask_when_the_model_takes_none()
    {
        var client = Client("flux-kontext");
        var input = PngImage.Render("a photo of a cat", 3, 96, 64);
        using var image = new MemoryStream(input);
        using var mask = new MemoryStream(input);

        var error = Assert.ThrowsAsync<ClientResultException>(() => client.GenerateImageEditAsync(image, "input.png", "make it snow", mask, "mask.png"));

        Assert.That(error!.Status, Is.EqualTo(400));
        var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.That((body.GetProperty("type").GetString(), body.GetProperty("param").GetString()), Is.EqualTo(("invalid_request_error", "mask")));
    }

    [Test]
    public async Task The_openai_npm_package_edits_one_image_or_an_array()
    {
        var folder = ServerFixture.RepositoryFolder("tests", "FluxImaging.Server.Tests", "OpenAIClientInterop");
        Assert.That(Directory.Exists(Path.Combine(folder, "node_modules", "openai")), Is.True, $"the openai npm package is not installed: building this project runs 'npm ci' in {folder}.");
        var input = PngImage.Render("a photo of a cat", 3, 96, 64);
        var inputPath = Path.Combine(Path.GetTempPath(), $"fluximaging-edit-input-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(inputPath, input);
        string output;
        try
        {
            output = await ServerFixture.RunAsync("node", folder, "edit.mjs", _server.Url("/v1").AbsoluteUri, inputPath);
        }
        finally
        {
            File.Delete(inputPath);
        }

        var report = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;
        Assert.That(Convert.FromBase64String(report.GetProperty("single").GetString()!), Is.EqualTo(FluxKontextDevSpace.RenderEdit(input, "make it snow", 7)));
        Assert.That(Convert.FromBase64String(report.GetProperty("array").GetString()!), Is.EqualTo(FluxKontextDevSpace.RenderEdit(input, "make it snow", 9)));
        var tooMany = report.GetProperty("tooMany");
        Assert.That((tooMany.GetProperty("status").GetInt32(), tooMany.GetProperty("type").GetString(), tooMany.GetProperty("param").GetString()), Is.EqualTo((400, "invalid_request_error", "image")));
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

    private ImageClient Client(string model) => new(model, new ApiKeyCredential("any"), new OpenAIClientOptions
    {
        Endpoint = _server.Url("/v1"),
        NetworkTimeout = TimeSpan.FromMinutes(2),
    });
}
