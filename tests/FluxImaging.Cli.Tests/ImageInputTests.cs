using System.Text.Json;
using FluxImaging.Testing.Gradio;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Cli.Tests;

/// <summary>
/// <c>--image PATH</c>: the file is uploaded to a model that edits (FLUX.1 Kontext) and the edit is saved; a file that
/// cannot be sent, and a model that takes no image or needs one, are <c>invalid_request</c> with exit 11.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ImageInputTests
{
    private FluxKontextDevSpace _kontext = null!;
    private StableDiffusion35LargeSpace _textOnly = null!;
    private EnvironmentScope _settings = null!;
    private string _folder = null!;
    private string _out = null!;
    private byte[] _photo = null!;
    private string _photoPath = null!;

    [SetUp]
    public async Task SetUp()
    {
        _kontext = await FluxKontextDevSpace.StartAsync();
        _kontext.StepDelay = TimeSpan.FromMilliseconds(1);
        _textOnly = await StableDiffusion35LargeSpace.StartAsync();
        _textOnly.FinalSize = 16;
        _textOnly.StepDelay = TimeSpan.Zero;
        _settings = EnvironmentScope.Configuration([
            .. SpaceSettings.For("Flux1KontextDev", _kontext.BaseAddress),
            .. SpaceSettings.For("SD35Large", _textOnly.BaseAddress),
        ]);
        _folder = Directory.CreateTempSubdirectory("fluximg-image-").FullName;
        _out = Path.Combine(_folder, "out");
        _photo = PngImage.Render("a street by day", 3, 48, 32);
        _photoPath = Path.Combine(_folder, "in.png");
        await File.WriteAllBytesAsync(_photoPath, _photo);
    }

    [TearDown]
    public async Task TearDown()
    {
        _settings.Dispose();
        await _kontext.DisposeAsync();
        await _textOnly.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Kontext_saves_exactly_the_edit_of_the_input_file()
    {
        var (exit, lines, _) = await CliRun.RunAsync("generate", "make it night", "--image", _photoPath, "--model", "flux-kontext", "--seed", "9", "--json", "--out", _out);

        Assert.That(exit, Is.Zero);
        var image = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.That((image.GetProperty("provider").GetString(), image.GetProperty("model").GetString(), image.GetProperty("seed").GetInt64()), Is.EqualTo(("Flux1KontextDev", "flux-kontext-dev", 9L)));
        var saved = image.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("path").GetString()!).Single();
        Assert.That(await File.ReadAllBytesAsync(saved), Is.EqualTo(FluxKontextDevSpace.RenderEdit(_photo, "make it night", 9)));
        Assert.That(Directory.GetFiles(_out), Is.EqualTo(new[] { saved }), "the edit and nothing else");
        var upload = _kontext.Uploads.Single();
        Assert.That((upload.FileName, upload.ContentType, upload.Content.ToArray()), Is.EqualTo(("in.png", "image/png", _photo)));
    }

    [Test]
    public async Task Without_json_the_edit_is_saved_and_named()
    {
        var (exit, lines, _) = await CliRun.RunAsync("generate", "make it night", "--image", _photoPath, "--model", "flux-kontext", "--seed", "9", "--out", _out);

        Assert.That(exit, Is.Zero);
        Assert.That(lines, Has.Some.StartsWith("Saved ").And.Some.EqualTo("Provider Flux1KontextDev, model flux-kontext-dev, seed 9"));
    }

    [Test]
    public async Task A_model_that_needs_an_image_without_one_is_an_invalid_request()
    {
        var (exit, lines, _) = await CliRun.RunAsync("generate", "make it night", "--model", "flux-kontext", "--json", "--out", _out);

        Assert.That(exit, Is.EqualTo(11));
        var error = JsonDocument.Parse(lines.Single()).RootElement;
        Assert.That((error.GetProperty("kind").GetString(), error.GetProperty("message").GetString()), Is.EqualTo(("invalid_request", "The model 'flux-kontext' needs an input image.")));
        Assert.That(_kontext.Requests, Is.Empty);
    }

    [Test]
    public async Task A_model_that_takes_no_image_is_an_invalid_request()
    {
        var (exit, lines, _) = await CliRun.RunAsync("generate", "a cat", "--image", _photoPath, "--model", "sd3.5", "--json", "--out", _out);

        Assert.That(exit, Is.EqualTo(11));
        var error = JsonDocument.Parse(lines[^1]).RootElement;
        Assert.That((error.GetProperty("kind").GetString(), error.GetProperty("message").GetString()), Is.EqualTo(("invalid_request", "The model 'sd3.5' takes no input image.")));
        Assert.That(_textOnly.Requests.Count(r => r.Path.EndsWith("/queue/join", StringComparison.Ordinal)), Is.Zero, "nothing was generated");
    }

    [Test]
    public async Task A_missing_file_is_an_invalid_request_naming_it_before_anything_is_sent()
    {
        var missing = Path.Combine(_folder, "missing.png");

        var (exit, lines, _) = await CliRun.RunAsync("generate", "make it night", "--image", missing, "--model", "flux-kontext", "--json", "--out", _out);

        Assert.That(exit, Is.EqualTo(11));
        var error = JsonDocument.Parse(lines.Single()).RootElement;
        Assert.That((error.GetProperty("kind").GetString(), error.GetProperty("message").GetString()), Is.EqualTo(("invalid_request", $"--image '{missing}': no such file.")));
        Assert.That(_kontext.Requests, Is.Empty);
        Assert.That(Directory.Exists(_out), Is.False);
    }

    [Test]
    public async Task Every_image_is_read_and_the_one_that_is_missing_is_named()
    {
        var missing = Path.Combine(_folder, "second.png");

        var (exit, lines, _) = await CliRun.RunAsync("generate", "make it night", "--image", _photoPath, "--image", missing, "--model", "flux-kontext", "--json", "--out", _out);

        Assert.That(exit, Is.EqualTo(11));
        Assert.That(JsonDocument.Parse(lines.Single()).RootElement.GetProperty("message").GetString(), Is.EqualTo($"--image '{missing}': no such file."));
    }

    [TestCase("notes.txt", "not an image", "--image: 'notes.txt' is not a PNG, JPEG, WebP or GIF image.")]
    [TestCase("empty.png", "", "--image: The image 'empty.png' is empty.")]
    public async Task A_file_that_is_not_an_image_is_an_invalid_request_naming_it(string name, string content, string message)
    {
        var path = Path.Combine(_folder, name);
        await File.WriteAllTextAsync(path, content);

        var (exit, lines, _) = await CliRun.RunAsync("generate", "make it night", "--image", path, "--model", "flux-kontext", "--json", "--out", _out);

        Assert.That(exit, Is.EqualTo(11));
        Assert.That(JsonDocument.Parse(lines.Single()).RootElement.GetProperty("message").GetString(), Is.EqualTo(message));
        Assert.That(_kontext.Requests, Is.Empty);
    }

    [Test]
    public async Task A_folder_is_an_invalid_request()
    {
        var (exit, _, error) = await CliRun.RunAsync("generate", "make it night", "--image", _folder, "--model", "flux-kontext", "--out", _out);

        Assert.That(exit, Is.EqualTo(11));
        Assert.That(error.Trim(), Is.EqualTo($"Error (invalid_request): --image '{_folder}' is a folder, not an image file."));
    }

    [Test]
    public async Task Image_without_a_path_is_bad_usage()
    {
        var (exit, lines, error) = await CliRun.RunAsync("generate", "make it night", "--model", "flux-kontext", "--image");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--image"));
        Assert.That(lines, Is.Empty);
    }
}
