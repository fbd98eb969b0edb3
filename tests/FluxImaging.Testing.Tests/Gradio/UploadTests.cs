using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Testing.Tests.Gradio;

/// <summary><c>POST {prefix}/upload</c> on every Space (<c>spaces.md</c> §2).</summary>
[TestFixture]
public sealed class UploadTests
{
    [TestCaseSource(typeof(Spaces), nameof(Spaces.All))]
    public async Task Every_space_stores_each_files_part_and_serves_it_back(string name)
    {
        await using var space = await Spaces.StartAsync(name);
        using var wire = new SpaceWire(space);
        var first = PngImage.Render("one", 1, 8, 8);
        var second = PngImage.Render("two", 2, 8, 8);

        var paths = await wire.UploadAsync((first, "in.png"), (second, "dir/other.png"));

        Assert.That(paths, Has.Count.EqualTo(2));
        Assert.That(paths[0], Does.Match("^/tmp/gradio/[0-9a-f]{64}/in.png$"));
        Assert.That(paths[1], Does.EndWith("/other.png"), "the directory part of a file name is dropped");
        Assert.That(await wire.Http.GetByteArrayAsync($"{wire.Prefix}/file={paths[0]}"), Is.EqualTo(first));
        Assert.That(space.Uploads.Select(u => (u.FileName, u.UploadId)), Is.EqualTo(new[] { ("in.png", "abc123"), ("dir/other.png", "abc123") }));
    }

    [Test]
    public async Task The_same_bytes_land_in_the_same_directory()
    {
        await using var space = await Spaces.StartAsync("Kontext");
        using var wire = new SpaceWire(space);
        var bytes = PngImage.Render("same", 1, 8, 8);

        var once = await wire.UploadAsync((bytes, "a.png"));
        var again = await wire.UploadAsync((bytes, "a.png"));

        Assert.That(again, Is.EqualTo(once));
    }

    [Test]
    public async Task A_body_that_is_not_multipart_is_refused_with_400()
    {
        await using var space = await Spaces.StartAsync("Kontext");
        using var wire = new SpaceWire(space);

        using var response = await wire.Http.PostAsync("/gradio_api/upload", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("""{"detail":"Invalid content type."}"""));
    }

    [Test]
    public async Task Upload_progress_reports_done()
    {
        await using var space = await Spaces.StartAsync("Kontext");
        using var wire = new SpaceWire(space);

        var text = await wire.Http.GetStringAsync("/gradio_api/upload_progress?upload_id=abc");

        Assert.That(JsonNode.Parse(text["data: ".Length..])!["msg"]!.GetValue<string>(), Is.EqualTo("done"));
    }
}
