using System.Text;
using System.Text.Json;
using FluxImaging.Gradio.Json;

namespace FluxImaging.Gradio.Tests;

[TestFixture]
public sealed class QueueMessageReaderTests
{
    private const string Ours = "0123456789abcdef0123456789abcdef";

    private readonly QueueMessageReader _reader = new(Ours);

    [Test]
    public void A_progress_message_is_read_field_by_field()
    {
        var message = Read($$"""{"msg":"progress","event_id":"{{Ours}}","progress_data":[{"index":5,"length":20,"unit":"steps","progress":null,"desc":"denoise"}],"success":true}""")!;

        Assert.That(message.Msg, Is.EqualTo("progress"));
        Assert.That(message.EventId, Is.EqualTo(Ours));
        Assert.That(message.Success, Is.True);
        Assert.That(message.ProgressData, Is.EqualTo(new[] { new GradioProgressUnit(5, 20, "steps", null, "denoise") }));
    }

    [Test]
    public void The_jobs_own_event_id_and_known_kinds_are_shared_not_decoded_per_frame()
    {
        var first = Read($$"""{"msg":"heartbeat","event_id":"{{Ours}}"}""")!;
        var second = Read($$"""{"msg":"heartbeat","event_id":"{{Ours}}"}""")!;

        Assert.That(first.EventId, Is.SameAs(Ours));
        Assert.That(second.Msg, Is.SameAs(first.Msg));
    }

    [Test]
    public void Another_events_id_and_an_unknown_kind_are_read_as_they_come()
    {
        var message = Read("""{"msg":"process_teleporting","event_id":"someone-else"}""")!;

        Assert.That(message.Msg, Is.EqualTo("process_teleporting"));
        Assert.That(message.EventId, Is.EqualTo("someone-else"));
    }

    [Test]
    public void Numbers_may_come_quoted_and_names_escaped()
    {
        var message = Read("""{"m\u0073g":"estimation","rank":"2","queue_size":3,"rank_eta":"12.5","eta":1e1}""")!;
        var quotedConstant = Read("""{"eta":"NaN"}""")!;

        Assert.That((message.Msg, message.Rank, message.QueueSize, message.RankEta, message.Eta), Is.EqualTo(("estimation", (int?)2, (int?)3, (double?)12.5, (double?)10)));
        Assert.That(quotedConstant.Eta, Is.NaN);
    }

    [Test]
    public void Unknown_fields_are_skipped_and_the_output_is_kept_as_json()
    {
        var message = Read("""{"msg":"process_completed","extra":{"deep":[1,{"x":null}]},"output":{"data":[{"url":"https://space.test/file=a.png"},42]},"success":true,"title":null}""")!;

        Assert.That(message.Output.GetProperty("data")[1].GetInt32(), Is.EqualTo(42));
        Assert.That(message.Title, Is.Null);
    }

    [Test]
    public void A_frame_with_an_output_is_read_by_the_same_rules()
    {
        var message = Read($$"""{"m\u0073g":"process_generating","event_id":"{{Ours}}","rank":"2","eta":"NaN","output":{"data":[7]},"extra":[1],"success":true,"msg":"process_completed"}""")!;

        Assert.That((message.Msg, message.Rank, message.Success), Is.EqualTo(("process_completed", (int?)2, (bool?)true)));
        Assert.That(message.Eta, Is.NaN);
        Assert.That(message.EventId, Is.SameAs(Ours));
        Assert.That(message.Output.GetProperty("data")[0].GetInt32(), Is.EqualTo(7));
    }

    [Test]
    public void An_output_named_with_escapes_is_kept_too() =>
        Assert.That(Read("""{"msg":"process_completed","outp\u0075t":{"data":[7]}}""")!.Output.GetProperty("data")[0].GetInt32(), Is.EqualTo(7));

    [Test]
    public void Brackets_quotes_and_escapes_inside_the_outputs_strings_do_not_end_it()
    {
        var message = Read("""{"msg":"process_generating","output":{"data":["}]\"{[\\",{"a":"\\"}]},"success":false}""")!;

        Assert.That(message.Output.GetProperty("data")[0].GetString(), Is.EqualTo("}]\"{[\\"));
        Assert.That(message.Output.GetProperty("data")[1].GetProperty("a").GetString(), Is.EqualTo("\\"));
        Assert.That(message.Success, Is.False);
    }

    [Test]
    public void An_output_may_nest_as_deep_as_the_frame_allows_and_no_deeper()
    {
        static string Nested(int depth) => $$"""{"msg":"process_completed","output":{{new string('[', depth)}}{{new string(']', depth)}},"success":true}""";

        Assert.That(Read(Nested(63))!.Success, Is.True);
        Assert.Throws(Is.InstanceOf<JsonException>(), () => Read(Nested(64)));
    }

    [Test]
    public void Null_progress_units_are_no_units() =>
        Assert.That(Read("""{"msg":"progress","progress_data":[null,{"index":1},null,{"index":2}]}""")!.ProgressData!.Select(u => u.Index), Is.EqualTo(new double?[] { 1, 2 }));

    [Test]
    public void A_null_frame_is_no_message() => Assert.That(Read("null"), Is.Null);

    [TestCase("")]
    [TestCase("[1,2]")]
    [TestCase("""{"msg":"progress"} trailing""")]
    [TestCase("""{"msg":"progress",""")]
    [TestCase("""{"msg":5}""")]
    [TestCase("""{"rank":1.5}""")]
    [TestCase("""{"rank":"two"}""")]
    [TestCase("""{"eta":"nan"}""")]
    [TestCase("""{"eta":"1.5x"}""")]
    [TestCase("""{"success":"true"}""")]
    [TestCase("""{"progress_data":{"index":1}}""")]
    [TestCase("""{"progress_data":[{"index":[1]}]}""")]
    [TestCase("\"output\"")]
    [TestCase("""[{"output":{}}]""")]
    [TestCase("""{"output":{},"msg":5}""")]
    [TestCase("""{"output":{},"rank":1.5}""")]
    [TestCase("""{"output":{},"eta":"nan"}""")]
    [TestCase("""{"output":{},"success":"true"}""")]
    [TestCase("""{"output":{},"progress_data":[{"index":[1]}]}""")]
    [TestCase("""{"output":{"data":[1,]}}""")]
    [TestCase("""{"msg":"process_completed","output":{}} trailing""")]
    [TestCase("""{"output":{"data":[1]}""")]
    [TestCase("""{"output":{"data":"open}""")]
    [TestCase("""{"output":{"data":[1}]}""")]
    [TestCase("""{"output":{},}""")]
    [TestCase("""{"output":{} "msg":"log"}""")]
    public void Anything_else_is_not_a_message(string frame) => Assert.Throws(Is.InstanceOf<JsonException>(), () => Read(frame));

    private QueueMessage? Read(string frame) => _reader.Read(Encoding.UTF8.GetBytes(frame));
}
