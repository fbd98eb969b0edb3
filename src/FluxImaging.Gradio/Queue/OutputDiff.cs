using System.Text.Json;
using System.Text.Json.Nodes;

namespace FluxImaging.Gradio.Queue;

/// <summary>
/// Applies Gradio's generator diffs (<c>[op, path, value]</c> with ops <c>replace</c>, <c>append</c>, <c>add</c>,
/// <c>delete</c>) to the last full value of one output, as Gradio's own clients do.
/// </summary>
internal static class OutputDiff
{
    /// <summary>Applies an edit list to <paramref name="current"/> and returns the new value; throws <see cref="FormatException"/> on a bad edit.</summary>
    public static JsonNode? Apply(JsonNode? current, JsonElement edits)
    {
        if (edits.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("A diff must be a list of edits.");
        }

        foreach (var edit in edits.EnumerateArray())
        {
            if (edit.ValueKind != JsonValueKind.Array || edit.GetArrayLength() < 2 || edit[0].ValueKind != JsonValueKind.String || edit[1].ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("A diff edit must be [op, path, value].");
            }

            var op = edit[0].GetString();
            var path = edit[1];
            var value = edit.GetArrayLength() > 2 ? ToNode(edit[2]) : null;
            current = ApplyOne(current, op!, path, value);
        }

        return current;
    }

    private static JsonNode? ApplyOne(JsonNode? root, string op, JsonElement path, JsonNode? value)
    {
        var length = path.GetArrayLength();
        if (length == 0)
        {
            return op switch
            {
                "replace" => value,
                "append" => Append(root, value),
                _ => throw new FormatException($"The diff op '{op}' cannot apply to the whole value."),
            };
        }

        var parent = root;
        for (var i = 0; i < length - 1; i++)
        {
            parent = Child(parent, path[i]) ?? throw new FormatException("A diff path leads nowhere.");
        }

        var last = path[length - 1];
        switch (parent)
        {
            case JsonObject obj when last.ValueKind == JsonValueKind.String:
                var key = last.GetString()!;
                switch (op)
                {
                    case "replace" or "add":
                        obj[key] = value;
                        break;
                    case "append":
                        obj[key] = Append(obj[key]?.DeepClone(), value);
                        break;
                    case "delete":
                        obj.Remove(key);
                        break;
                    default:
                        throw new FormatException($"Unknown diff op '{op}'.");
                }

                break;
            case JsonArray array when last.ValueKind == JsonValueKind.Number && last.TryGetInt32(out var index):
                switch (op)
                {
                    case "replace" when index >= 0 && index < array.Count:
                        array[index] = value;
                        break;
                    case "append" when index >= 0 && index < array.Count:
                        array[index] = Append(array[index]?.DeepClone(), value);
                        break;
                    case "add" when index >= 0 && index <= array.Count:
                        array.Insert(index, value);
                        break;
                    case "delete" when index >= 0 && index < array.Count:
                        array.RemoveAt(index);
                        break;
                    case "replace" or "append" or "add" or "delete":
                        throw new FormatException($"The diff index {index} is out of range.");
                    default:
                        throw new FormatException($"Unknown diff op '{op}'.");
                }

                break;
            default:
                throw new FormatException("A diff path does not match the value's shape.");
        }

        return root;
    }

    /// <summary>A node for an element without re-parsing its text: values are wrapped, containers copied lazily.</summary>
    public static JsonNode? ToNode(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Object => JsonObject.Create(element),
        JsonValueKind.Array => JsonArray.Create(element),
        _ => JsonValue.Create(element),
    };

    private static JsonNode? Child(JsonNode? node, JsonElement key) => node switch
    {
        JsonObject obj when key.ValueKind == JsonValueKind.String => obj[key.GetString()!],
        JsonArray array when key.ValueKind == JsonValueKind.Number && key.TryGetInt32(out var i) && i >= 0 && i < array.Count => array[i],
        _ => null,
    };

    private static JsonNode Append(JsonNode? current, JsonNode? value) => (current, value) switch
    {
        (JsonValue a, JsonValue b) when a.TryGetValue<string>(out var left) && b.TryGetValue<string>(out var right) => JsonValue.Create(left + right),
        (JsonArray a, JsonArray b) => new JsonArray([.. a.Select(n => n?.DeepClone()), .. b.Select(n => n?.DeepClone())]),
        _ => throw new FormatException("An append diff needs two strings or two lists."),
    };
}
