using FluxImaging.Testing.Imaging;

namespace FluxImaging.Tests.Images;

[TestFixture]
public sealed class GeneratedImageTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("fluximaging-tests-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [TestCase(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13 }, "image/png", ".png")]
    [TestCase(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46, 0x49, 0x46, 0, 1 }, "image/jpeg", ".jpg")]
    [TestCase(new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0 }, "image/gif", ".gif")]
    [TestCase(new byte[] { 0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x45, 0x42, 0x50 }, "image/webp", ".webp")]
    public void The_format_is_sniffed_from_the_first_bytes(byte[] header, string mediaType, string extension) =>
        Assert.That(ImageFormats.Sniff(header), Is.EqualTo((mediaType, extension)));

    [Test]
    public void Text_and_truncated_headers_are_not_images()
    {
        Assert.That(ImageFormats.Sniff("<!DOCTYPE html>"u8), Is.Null);
        Assert.That(ImageFormats.Sniff("RIFF\0\0\0\0WAVE"u8), Is.Null);
        Assert.That(ImageFormats.Sniff([0x89, 0x50]), Is.Null);
    }

    [Test]
    public async Task Saving_names_the_file_by_its_real_format_not_its_claimed_name()
    {
        var png = PngImage.Render("a cat", 1, 8, 8);
        var image = new GeneratedImage(png, "image/webp") { OriginalFileName = "image.webp" };

        var path = await image.SaveAsync(_directory);

        Assert.That(Path.GetExtension(path), Is.EqualTo(".png"));
        Assert.That(await File.ReadAllBytesAsync(path), Is.EqualTo(png));
    }

    [TestCase("../../etc/passwd")]
    [TestCase("..\\..\\windows\\system32\\evil.dll")]
    [TestCase("/tmp/gradio/abc/image.webp")]
    [TestCase("C:\\Users\\x\\..\\..\\evil.png")]
    [TestCase("\0\r\n<script>.png")]
    [TestCase("....")]
    public async Task A_hostile_upstream_file_name_cannot_leave_the_folder(string hostile)
    {
        var image = new GeneratedImage(PngImage.Render("a cat", 1, 4, 4), "image/png") { OriginalFileName = hostile };

        var path = await image.SaveAsync(_directory);

        Assert.That(Path.GetDirectoryName(path), Is.EqualTo(Path.GetFullPath(_directory)));
        Assert.That(Path.GetFileName(path), Does.Match("^[a-z0-9_-]+-\\d{8}-\\d{6}-[0-9a-f]{8}\\.png$"));
    }

    [Test]
    public void Data_that_is_not_an_image_is_refused_and_nothing_is_written()
    {
        var image = new GeneratedImage("<html>Just a moment...</html>"u8.ToArray(), "image/png");

        var error = Assert.ThrowsAsync<FluxImagingException>(() => image.SaveAsync(_directory));

        Assert.That(error!.Kind, Is.EqualTo(FluxImagingErrorKind.ProtocolViolation));
        Assert.That(Directory.GetFiles(_directory), Is.Empty);
    }

    [Test]
    public void An_image_over_the_size_cap_is_refused_and_nothing_is_left_behind()
    {
        var image = new GeneratedImage(PngImage.Render("a cat", 1, 64, 64), "image/png");

        var error = Assert.ThrowsAsync<FluxImagingException>(() => image.SaveAsync(_directory, maxBytes: 100));

        Assert.That(error!.Message, Is.EqualTo("The image exceeded the limit of 100 bytes (the maxBytes argument)."));
        Assert.That(Directory.GetFiles(_directory), Is.Empty);
    }

    [Test]
    public async Task A_base64_data_uri_is_decoded()
    {
        var png = PngImage.Render("a cat", 2, 4, 4);
        var image = new GeneratedImage(new Uri("data:image/png;base64," + Convert.ToBase64String(png)));

        Assert.That(image.MediaType, Is.EqualTo("image/png"));
        Assert.That((await image.ReadAllBytesAsync()).ToArray(), Is.EqualTo(png));
        Assert.That(image.ToString(), Does.StartWith("data:image/png;base64,…"));
    }

    [Test]
    public void Only_http_https_and_data_uris_are_images()
    {
        Assert.Throws<ArgumentException>(() => _ = new GeneratedImage(new Uri("file:///etc/passwd")));
        Assert.Throws<ArgumentException>(() => _ = new GeneratedImage(new Uri("/media/x.png", UriKind.Relative)));
    }

    [Test]
    public async Task Cancellation_while_saving_leaves_no_file()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var image = new GeneratedImage(PngImage.Render("a cat", 1, 16, 16), "image/png");

        Assert.That(() => image.SaveAsync(_directory, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Directory.GetFiles(_directory), Is.Empty);
    }
}
