using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>
/// Writes <c>/queue/data</c> frames as Gradio 5 does: <c>data: {compact JSON}\n\n</c>, fields in pydantic order
/// (<c>msg</c>, <c>event_id</c>, …), raw UTF-8, Python-style floats (<c>10.0</c>, never <c>10</c>).
/// </summary>
internal static class QueueMessageWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Estimation(string eventId, int rank, int queueSize, double? rankEta) => Frame(w =>
    {
        Head(w, "estimation", eventId);
        w.WriteNumber("rank", rank);
        w.WriteNumber("queue_size", queueSize);
        Float(w, "rank_eta", rankEta);
    });

    public static byte[] ProcessStarts(string eventId, double? eta) => Frame(w =>
    {
        Head(w, "process_starts", eventId);
        Float(w, "eta", eta);
    });

    public static byte[] Progress(string eventId, int index, int length) => Frame(w =>
    {
        Head(w, "progress", eventId);
        w.WriteStartArray("progress_data");
        w.WriteStartObject();
        w.WriteNumber("index", index);
        w.WriteNumber("length", length);
        w.WriteString("unit", "steps");
        w.WriteNull("progress");
        w.WriteNull("desc");
        w.WriteEndObject();
        w.WriteEndArray();
    });

    public static byte[] Log(string eventId, string log, string level, string? title, GradioLayout layout) => Frame(w =>
    {
        Head(w, "log", eventId);
        w.WriteString("log", log);
        w.WriteString("level", level);
        Float(w, "duration", 10.0);
        w.WriteBoolean("visible", true);
        if (layout >= GradioLayout.Gradio5)
        {
            w.WriteString("title", title);
        }
    });

    public static byte[] Generating(string eventId, JsonArray data, GradioLayout layout) => Frame(w =>
    {
        Head(w, "process_generating", eventId);
        Output(w, data, isGenerating: true);
        w.WriteBoolean("success", true);
        if (layout >= GradioLayout.Gradio5)
        {
            w.WriteNull("time_limit");
        }
    });

    // The benchmarks' recorded streams (FluxImaging.Benchmarks) still name the 4.x/5.x difference by its field.
    public static byte[] Generating(string eventId, JsonArray data, bool withTimeLimit) =>
        Generating(eventId, data, withTimeLimit ? GradioLayout.Gradio5 : GradioLayout.Gradio4);

    public static byte[] Completed(string eventId, JsonArray data, bool withTitle) =>
        Completed(eventId, data, withTitle ? GradioLayout.Gradio5 : GradioLayout.Gradio4);

    public static byte[] Completed(string eventId, JsonArray data, GradioLayout layout) => Frame(w =>
    {
        Head(w, "process_completed", eventId);
        Output(w, data, isGenerating: false);
        w.WriteBoolean("success", true);
        CompletionTail(w, null, layout);
    });

    public static byte[] Cancelled(string eventId, GradioLayout layout) => Frame(w =>
    {
        Head(w, "process_completed", eventId);
        w.WriteStartObject("output");
        w.WriteEndObject();
        w.WriteBoolean("success", true);
        CompletionTail(w, null, layout);
    });

    /// <summary>
    /// A failed completion: <c>gr.Error</c> payload <c>{"error", "duration": 10, "visible": true, "title"}</c> (4.x: the
    /// text repr-quoted, no title), or <c>{"error": null}</c> for a hidden exception. The top-level title is null when
    /// the failure came in a later generator iteration.
    /// </summary>
    public static byte[] Failed(string eventId, string? error, string? title, GradioLayout layout, bool topLevelTitle = true) => Frame(w =>
    {
        var gradio4 = layout == GradioLayout.Gradio4;
        Head(w, "process_completed", eventId);
        w.WriteStartObject("output");
        if (error is null)
        {
            w.WriteNull("error");
        }
        else
        {
            w.WriteString("error", gradio4 ? $"'{error}'" : error);
            w.WriteNumber("duration", 10);
            w.WriteBoolean("visible", true);
            if (!gradio4)
            {
                w.WriteString("title", title ?? "Error");
            }
        }

        w.WriteEndObject();
        w.WriteBoolean("success", false);
        CompletionTail(w, topLevelTitle ? title ?? "Error" : null, layout);
    });

    public static byte[] UnexpectedError(string? eventId, string message, bool sessionNotFound) => Frame(w =>
    {
        Head(w, "unexpected_error", eventId);
        w.WriteString("message", message);
        w.WriteBoolean("session_not_found", sessionNotFound);
        w.WriteBoolean("success", false);
    });

    public static byte[] Heartbeat() => Frame(w => Head(w, "heartbeat", null));

    public static byte[] CloseStream() => Frame(w => Head(w, "close_stream", null));

    // 4.x has no title; 6.x adds the cache fields after it.
    private static void CompletionTail(Utf8JsonWriter w, string? title, GradioLayout layout)
    {
        if (layout == GradioLayout.Gradio4)
        {
            return;
        }

        if (title is null)
        {
            w.WriteNull("title");
        }
        else
        {
            w.WriteString("title", title);
        }

        if (layout >= GradioLayout.Gradio6)
        {
            w.WriteNull("used_cache");
            w.WriteNull("cache_duration");
            w.WriteNull("avg_time");
        }
    }

    private static void Output(Utf8JsonWriter w, JsonArray data, bool isGenerating)
    {
        w.WriteStartObject("output");
        w.WritePropertyName("data");
        data.WriteTo(w);
        w.WriteBoolean("is_generating", isGenerating);
        Float(w, "duration", 0.1);
        Float(w, "average_duration", 0.1);
        w.WriteNull("render_config");
        w.WriteStartArray("changed_state_ids");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Head(Utf8JsonWriter w, string msg, string? eventId)
    {
        w.WriteString("msg", msg);
        if (eventId is null)
        {
            w.WriteNull("event_id");
        }
        else
        {
            w.WriteString("event_id", eventId);
        }
    }

    private static void Float(Utf8JsonWriter w, string name, double? value)
    {
        w.WritePropertyName(name);
        if (value is not { } v)
        {
            w.WriteNullValue();
            return;
        }

        var text = v.ToString("R", CultureInfo.InvariantCulture);
        w.WriteRawValue(text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0", skipInputValidation: true);
    }

    private static byte[] Frame(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write("data: "u8);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        buffer.Write("\n\n"u8);
        return buffer.WrittenSpan.ToArray();
    }
}
