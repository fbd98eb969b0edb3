namespace FluxImaging.Tests.Requests;

/// <summary>An input image's file name goes in a multipart header to an upstream and into logs: it is made safe first.</summary>
[TestFixture]
public sealed class ImageInputTests
{
    private static readonly byte[] Png = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [TestCase("photo.png", "photo.png")]
    [TestCase("../../etc/passwd", "passwd")]
    [TestCase("C:\\Users\\me\\photo.png", "photo.png")]
    [TestCase("evil\r\nX-Injected: 1.png", "evil__X-Injected: 1.png")]
    [TestCase("\u001b[31mred\u001b[0m.png", "_[31mred_[0m.png")]
    [TestCase("right\u202eto-left.png", "right_to-left.png")]
    [TestCase("quote\".png", "quote_.png")]
    [TestCase("   ", "image.png")]
    [TestCase("dir/", "image.png")]
    [TestCase("..", "image.png")]
    [TestCase(null, "image.png")]
    public void The_file_name_is_its_last_segment_without_control_characters(string? given, string kept)
    {
        Assert.That(new ImageInput(Png, "image/png", given).FileName, Is.EqualTo(kept));
    }

    [Test]
    public void A_long_file_name_is_cut_before_its_extension()
    {
        var name = new ImageInput(Png, "image/png", new string('a', 10_000) + ".png").FileName;

        Assert.That((name.Length, name[^4..]), Is.EqualTo((ImageInput.MaxFileNameLength, ".png")));
    }

    [Test]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var name = new ImageInput(Png, "image/png", new string('a', ImageInput.MaxFileNameLength - 5) + "\U0001F600\U0001F600.png").FileName;

        Assert.That(name, Is.EqualTo(new string('a', ImageInput.MaxFileNameLength - 5) + ".png"));
    }

    [Test]
    public void An_empty_file_is_refused_as_empty()
    {
        var path = Path.GetTempFileName();
        try
        {
            var error = Assert.ThrowsAsync<ArgumentException>(() => ImageInput.FromFileAsync(path));

            Assert.That(error!.Message, Does.StartWith($"The image '{Path.GetFileName(path)}' is empty."));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
