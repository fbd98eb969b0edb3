using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace FluxImaging.Gradio.Json;

/// <summary>
/// Reads one <c>/queue/data</c> message straight from the frame's bytes in a single <see cref="Utf8JsonReader"/> pass,
/// with the rules the source-generated contract had (case-sensitive names, unknown fields skipped, numbers also from
/// strings, a value of the wrong type or trailing data makes the frame malformed). Faster than the serializer on these
/// small objects and allocation-free beyond the message: <c>msg</c> values, the job's own <c>event_id</c> and the
/// usual progress unit are compared as UTF-8 and shared, not decoded into new strings per frame.
/// </summary>
internal sealed class QueueMessageReader
{
    // The msg values of sse_v1…v3; any other is decoded as it comes.
    private static readonly string[] KnownKinds =
    [
        "progress", "process_generating", "estimation", "process_starts", "process_completed", "heartbeat", "log",
        "close_stream", "unexpected_error", "process_streaming", "send_hash", "send_data",
    ];

    private static readonly byte[][] KnownKindBytes = [.. KnownKinds.Select(Encoding.UTF8.GetBytes)];

    private readonly string _eventId;
    private readonly byte[] _eventIdBytes;

    /// <summary>A reader for the stream of one job, whose own event id is shared rather than decoded per frame.</summary>
    public QueueMessageReader(string eventId)
    {
        _eventId = eventId;
        _eventIdBytes = Encoding.UTF8.GetBytes(eventId);
    }

    /// <summary>The message, or null for JSON <c>null</c>.</summary>
    /// <exception cref="JsonException">The bytes are not one JSON object of the message's shape.</exception>
    public QueueMessage? Read(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data, isFinalBlock: true, state: default);
        if (!reader.Read())
        {
            throw new JsonException("The frame holds no JSON value.");
        }

        QueueMessage? message = null;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            message = ReadMessage(data, ref reader);
        }
        else if (reader.TokenType != JsonTokenType.Null)
        {
            throw new JsonException("The frame is not a JSON object.");
        }

        if (reader.Read())
        {
            throw new JsonException("The frame has data after its JSON value.");
        }

        return message;
    }

    private QueueMessage ReadMessage(ReadOnlySpan<byte> data, ref Utf8JsonReader reader)
    {
        var message = new QueueMessage();
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("msg"u8))
            {
                Next(ref reader);
                message.Msg = Kind(ref reader);
            }
            else if (reader.ValueTextEquals("event_id"u8))
            {
                Next(ref reader);
                message.EventId = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(_eventIdBytes) ? _eventId : String(ref reader);
            }
            else if (reader.ValueTextEquals("rank"u8))
            {
                Next(ref reader);
                message.Rank = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("queue_size"u8))
            {
                Next(ref reader);
                message.QueueSize = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("rank_eta"u8))
            {
                Next(ref reader);
                message.RankEta = Double(ref reader);
            }
            else if (reader.ValueTextEquals("eta"u8))
            {
                Next(ref reader);
                message.Eta = Double(ref reader);
            }
            else if (reader.ValueTextEquals("progress_data"u8))
            {
                Next(ref reader);
                message.ProgressData = ProgressData(ref reader);
            }
            else if (reader.ValueTextEquals("log"u8))
            {
                Next(ref reader);
                message.Log = String(ref reader);
            }
            else if (reader.ValueTextEquals("level"u8))
            {
                Next(ref reader);
                message.Level = String(ref reader);
            }
            else if (reader.ValueTextEquals("title"u8))
            {
                Next(ref reader);
                message.Title = String(ref reader);
            }
            else if (reader.ValueTextEquals("output"u8))
            {
                Next(ref reader);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    // Checked here (skipping validates it) but parsed only if a consumer reads it.
                    var start = (int)reader.TokenStartIndex;
                    reader.Skip();
                    message.KeepOutput(data[start..(int)reader.BytesConsumed].ToArray());
                }
                else
                {
                    message.Output = JsonElement.ParseValue(ref reader);
                }
            }
            else if (reader.ValueTextEquals("success"u8))
            {
                Next(ref reader);
                message.Success = Boolean(ref reader);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                Next(ref reader);
                message.Message = String(ref reader);
            }
            else if (reader.ValueTextEquals("session_not_found"u8))
            {
                Next(ref reader);
                message.SessionNotFound = Boolean(ref reader);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        return message;
    }

    // Straight into the public units the update carries (a null unit is no unit): usually one, read into an array of one.
    private static GradioProgressUnit[]? ProgressData(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref reader, JsonTokenType.StartArray);
        GradioProgressUnit? first = null;
        List<GradioProgressUnit>? more = null;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            var unit = Unit(ref reader);
            if (first is null)
            {
                first = unit;
            }
            else
            {
                (more ??= [first]).Add(unit);
            }
        }

        return more is not null ? [.. more] : first is not null ? [first] : [];
    }

    private static GradioProgressUnit Unit(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        double? index = null, length = null, progress = null;
        string? unit = null, description = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                Next(ref reader);
                index = Double(ref reader);
            }
            else if (reader.ValueTextEquals("length"u8))
            {
                Next(ref reader);
                length = Double(ref reader);
            }
            else if (reader.ValueTextEquals("unit"u8))
            {
                Next(ref reader);
                unit = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("steps"u8) ? "steps" : String(ref reader);
            }
            else if (reader.ValueTextEquals("progress"u8))
            {
                Next(ref reader);
                progress = Double(ref reader);
            }
            else if (reader.ValueTextEquals("desc"u8))
            {
                Next(ref reader);
                description = String(ref reader);
            }
            else
            {
                Next(ref reader);
                reader.Skip();
            }
        }

        return new GradioProgressUnit(index, length, unit, progress, description);
    }

    private static string? Kind(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            for (var i = 0; i < KnownKindBytes.Length; i++)
            {
                if (reader.ValueTextEquals(KnownKindBytes[i]))
                {
                    return KnownKinds[i];
                }
            }
        }

        return String(ref reader);
    }

    private static string? String(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        _ => throw new JsonException($"Expected a string, got {reader.TokenType}."),
    };

    private static bool? Boolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new JsonException($"Expected a boolean, got {reader.TokenType}."),
    };

    // Numbers may come quoted, as the contract allowed reading them from strings (and with it the quoted constants
    // "NaN", "Infinity" and "-Infinity" for floating-point fields).
    private static int? Int32(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt32(out var number):
                return number;
            case JsonTokenType.String when Utf8Parser.TryParse(Unescaped(ref reader), out int quoted, out var used) && used == Unescaped(ref reader).Length:
                return quoted;
            default:
                throw new JsonException($"Expected a 32-bit integer, got {reader.TokenType}.");
        }
    }

    private static double? Double(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetDouble(out var number):
                return number;
            case JsonTokenType.String:
                return Quoted(Unescaped(ref reader));
            default:
                throw new JsonException($"Expected a number, got {reader.TokenType}.");
        }
    }

    private static double Quoted(ReadOnlySpan<byte> text)
    {
        if (text.SequenceEqual("NaN"u8))
        {
            return double.NaN;
        }

        if (text.SequenceEqual("Infinity"u8))
        {
            return double.PositiveInfinity;
        }

        if (text.SequenceEqual("-Infinity"u8))
        {
            return double.NegativeInfinity;
        }

        return Utf8Parser.TryParse(text, out double value, out var used) && used == text.Length && double.IsFinite(value)
            ? value
            : throw new JsonException("Expected a number in the string.");
    }

    private static ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped || reader.HasValueSequence ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new JsonException("The frame's JSON ends early.");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token)
        {
            throw new JsonException($"Expected {token}, got {reader.TokenType}.");
        }
    }
}
