using System.Text.Json;
using System.Text.Json.Nodes;
using FluxImaging.Gradio.Queue;

namespace FluxImaging.Gradio.Tests;

[TestFixture]
public sealed class OutputDiffTests
{
    private const string FileData = """{"path":"/tmp/gradio/h1/image.webp","url":"https://space.test/gradio_api/file=/tmp/gradio/h1/image.webp","size":null,"orig_name":"image.webp","mime_type":null,"is_stream":false,"meta":{"_type":"gradio.FileData"}}""";

    [Test]
    public void Replacing_path_and_url_gives_the_next_preview()
    {
        var next = OutputDiff.Apply(JsonNode.Parse(FileData), Edits("""[["replace",["path"],"/tmp/gradio/h2/image.webp"],["replace",["url"],"https://space.test/gradio_api/file=/tmp/gradio/h2/image.webp"]]"""));

        Assert.That((string?)next!["url"], Is.EqualTo("https://space.test/gradio_api/file=/tmp/gradio/h2/image.webp"));
        Assert.That((string?)next["orig_name"], Is.EqualTo("image.webp"));
    }

    [Test]
    public void An_empty_edit_list_leaves_the_value_alone() =>
        Assert.That(OutputDiff.Apply(JsonValue.Create(1839201), Edits("[]"))!.GetValue<int>(), Is.EqualTo(1839201));

    [Test]
    public void Append_add_and_delete_work_on_strings_lists_and_objects()
    {
        var value = JsonNode.Parse("""{"text":"Hel","items":[1,2,3],"gone":true}""");

        var next = OutputDiff.Apply(value, Edits("""[["append",["text"],"lo"],["delete",["items",0],null],["add",["items",2],4],["delete",["gone"],null],["add",["new"],"x"]]"""));

        Assert.That(next!.ToJsonString(), Is.EqualTo("""{"text":"Hello","items":[2,3,4],"new":"x"}"""));
    }

    [Test]
    public void A_root_replace_swaps_the_whole_value() =>
        Assert.That(OutputDiff.Apply(JsonValue.Create(1), Edits("""[["replace",[],{"a":1}]]"""))!.ToJsonString(), Is.EqualTo("""{"a":1}"""));

    [TestCase("""[["explode",["path"],"x"]]""")]
    [TestCase("""[["replace",["missing","deeper"],"x"]]""")]
    [TestCase("""[["delete",[7],null]]""")]
    [TestCase("""["not an edit"]""")]
    public void A_bad_edit_is_a_format_error(string edits) =>
        Assert.Throws<FormatException>(() => OutputDiff.Apply(JsonNode.Parse("""{"path":"x"}"""), Edits(edits)));

    private static JsonElement Edits(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
