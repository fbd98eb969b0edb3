using System.Buffers.Binary;
using System.Text.Json.Nodes;
using FluxImaging.Testing.Gradio;
using FluxImaging.Testing.Imaging;

namespace FluxImaging.Testing.Tests.Gradio;

/// <summary>FLUX.1 Kontext [dev]: upload, then the queue at fn_index 2 / trigger 7; the edit depends on the bytes (<c>spaces.md</c> §5.2).</summary>
[TestFixture]
public sealed class KontextTests
{
    private FluxKontextDevSpace _space = null!;
    private SpaceWire _wire = null!;

    [SetUp]
    public async Task SetUp()
    {
        _space = (FluxKontextDevSpace)await Spaces.StartAsync("Kontext");
        _wire = new SpaceWire(_space);
    }

    [TearDown]
    public async Task TearDown()
    {
        _wire.Dispose();
        await _space.DisposeAsync();
    }

    [Test]
    public async Task The_edit_is_a_deterministic_png_of_the_inputs_size_with_previews_and_the_reuse_update()
    {
        var input = PngImage.Render("a photo", 3, 96, 64);

        var messages = await EditAsync(input, "make it snow", 5);

        var completed = messages.Single(m => (string?)m["msg"] == "process_completed");
        Assert.That((bool)completed["success"]!, Is.True);
        var data = completed["output"]!["data"]!.AsArray();
        var output = await _wire.Http.GetByteArrayAsync((string)data[0]!["url"]!);
        Assert.That(output, Is.EqualTo(FluxKontextDevSpace.RenderEdit(input, "make it snow", 5)));
        Assert.That((BinaryPrimitives.ReadInt32BigEndian(output.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(output.AsSpan(20))), Is.EqualTo((96, 64)));
        Assert.That((long)data[1]!, Is.EqualTo(5));
        Assert.That(data[2]!.ToJsonString(), Is.EqualTo("""{"visible":true,"__type__":"update"}"""));
        Assert.That(messages.Count(m => (string?)m["msg"] == "process_generating"), Is.EqualTo(3), "previews at steps 7, 14 and 21 of 28");
    }

    [Test]
    public async Task Another_input_image_gives_another_edit_and_the_same_one_the_same()
    {
        var first = await EditedBytesAsync(PngImage.Render("a photo", 3, 32, 32));
        var again = await EditedBytesAsync(PngImage.Render("a photo", 3, 32, 32));
        var other = await EditedBytesAsync(PngImage.Render("another photo", 3, 32, 32));

        Assert.That(again, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public async Task Without_an_image_the_job_fails_with_a_gradio_error()
    {
        var messages = await _wire.QueueAsync(2, new JsonArray(null, "make it snow", 0, true, 2.5, 28), triggerId: 7);

        var completed = messages.Single(m => (string?)m["msg"] == "process_completed");
        Assert.That((bool)completed["success"]!, Is.False);
        Assert.That((string?)completed["output"]!["error"], Is.EqualTo(FluxKontextDevSpace.MissingImageMessage));
    }

    private async Task<byte[]> EditedBytesAsync(byte[] input)
    {
        var messages = await EditAsync(input, "make it snow", 5);
        var data = messages.Single(m => (string?)m["msg"] == "process_completed")["output"]!["data"]!;
        return await _wire.Http.GetByteArrayAsync((string)data[0]!["url"]!);
    }

    private async Task<List<JsonObject>> EditAsync(byte[] input, string prompt, long seed)
    {
        var path = (await _wire.UploadAsync((input, "in.png"))).Single();
        return await _wire.QueueAsync(2, new JsonArray(SpaceWire.FileData(path), prompt, seed, false, 2.5, 28), triggerId: 7);
    }
}
