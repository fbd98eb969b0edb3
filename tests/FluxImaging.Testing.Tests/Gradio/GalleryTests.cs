using System.Text.Json.Nodes;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.Testing.Tests.Gradio;

/// <summary>A Gallery output: several images in one call, shaped per Gradio version (<c>spaces.md</c> §4).</summary>
[TestFixture]
public sealed class GalleryTests
{
    [TestCase(GradioLayout.Gradio4, "image.png")]
    [TestCase(GradioLayout.Gradio5, null)]
    [TestCase(GradioLayout.Gradio6, null)]
    public async Task The_count_parameter_sets_how_many_items_the_gallery_has(GradioLayout layout, string? originalName)
    {
        await using var space = await Spaces.StartAsync("Gallery", layout);
        using var wire = new SpaceWire(space);

        var messages = await wire.QueueAsync(0, new JsonArray("a fox", "", 9, false, 256, 256, 3, null));

        var data = messages.Single(m => (string?)m["msg"] == "process_completed")["output"]!["data"]!.AsArray();
        var gallery = data[0]!.AsArray();
        Assert.That(gallery, Has.Count.EqualTo(3));
        Assert.That(gallery.Select(i => i!.AsObject().Select(p => p.Key)), Has.All.EqualTo(new[] { "image", "caption" }));
        Assert.That(gallery.Select(i => (string?)i!["image"]!["orig_name"]), Has.All.EqualTo(originalName));
        Assert.That(gallery.Select(i => (string?)i!["image"]!["meta"]!["_type"]), Has.All.EqualTo("gradio.FileData"));
        Assert.That(gallery.Select(i => i!["caption"]), Has.All.Null);
        var images = new List<byte[]>();
        foreach (var item in gallery)
        {
            images.Add(await wire.Http.GetByteArrayAsync((string)item!["image"]!["url"]!));
        }

        Assert.That(images.Distinct(new BytesComparer()).Count(), Is.EqualTo(3), "each item has its own seed");
        Assert.That(((long)data[1]!, data[2]), Is.EqualTo((9L, (JsonNode?)null)), "the seed, and null for the state output");
    }

    [Test]
    public async Task On_call_the_state_input_is_left_out()
    {
        await using var space = await Spaces.StartAsync("Gallery");
        using var wire = new SpaceWire(space);

        var events = await wire.CallAsync("generate", new JsonObject { ["data"] = new JsonArray("a fox", "", 9, false, 256, 256, 2) });

        Assert.That(events[^1].Event, Is.EqualTo("complete"));
        Assert.That(JsonNode.Parse(events[^1].Data)![0]!.AsArray(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Captions_can_be_turned_on()
    {
        await using var space = (ImageGallerySpace)await Spaces.StartAsync("Gallery");
        space.Captions = true;
        using var wire = new SpaceWire(space);

        var messages = await wire.QueueAsync(0, new JsonArray("a fox", "", 9, false, 256, 256, 2, null));

        var gallery = messages.Single(m => (string?)m["msg"] == "process_completed")["output"]!["data"]![0]!.AsArray();
        Assert.That(gallery.Select(i => (string?)i!["caption"]), Is.EqualTo(new[] { "a fox #1", "a fox #2" }));
    }

    private sealed class BytesComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length;
    }
}
