using System.Text.Json.Nodes;

namespace FluxImaging.Testing.Gradio;

/// <summary>Gradio's server-side generator diff (<c>gradio/utils.py</c> <c>diff</c>), replicated so emulated previews look like real ones.</summary>
internal static class GradioDiff
{
    public static JsonArray Compute(JsonNode? old, JsonNode? @new)
    {
        var edits = new List<JsonArray>();
        Diff(old, @new, [], edits);
        return new JsonArray([.. edits]);
    }

    private static void Diff(JsonNode? old, JsonNode? @new, List<JsonNode?> path, List<JsonArray> edits)
    {
        if (JsonNode.DeepEquals(old, @new))
        {
            return;
        }

        if (KindOf(old) != KindOf(@new))
        {
            edits.Add(Edit("replace", path, @new));
            return;
        }

        switch (old)
        {
            case JsonValue oldValue when oldValue.TryGetValue<string>(out var oldText) && @new!.AsValue().TryGetValue<string>(out var newText) && newText.StartsWith(oldText, StringComparison.Ordinal):
                edits.Add(Edit("append", path, JsonValue.Create(newText[oldText.Length..])));
                return;
            case JsonArray oldArray:
                var newArray = @new!.AsArray();
                var start = edits.Count;
                var common = Math.Min(oldArray.Count, newArray.Count);
                for (var i = 0; i < common; i++)
                {
                    Diff(oldArray[i], newArray[i], [.. path, JsonValue.Create(i)], edits);
                }

                for (var i = common; i < oldArray.Count; i++)
                {
                    edits.Add(Edit("delete", [.. path, JsonValue.Create(i)], null));
                }

                for (var i = common; i < newArray.Count; i++)
                {
                    edits.Add(Edit("add", [.. path, JsonValue.Create(i)], newArray[i]?.DeepClone()));
                }

                // Gradio shifts later list deletes by the number of deletes already applied.
                var deletes = 0;
                for (var e = start; e < edits.Count; e++)
                {
                    if ((string?)edits[e][0] == "delete" && edits[e][1]!.AsArray() is [.., JsonValue last] && last.TryGetValue<int>(out var index))
                    {
                        var editPath = edits[e][1]!.AsArray();
                        editPath[^1] = JsonValue.Create(index - deletes);
                        deletes++;
                    }
                }

                return;
            case JsonObject oldObject:
                var newObject = @new!.AsObject();
                foreach (var (key, value) in oldObject)
                {
                    if (newObject.TryGetPropertyValue(key, out var newValue))
                    {
                        Diff(value, newValue, [.. path, JsonValue.Create(key)], edits);
                    }
                    else
                    {
                        edits.Add(Edit("delete", [.. path, JsonValue.Create(key)], null));
                    }
                }

                foreach (var (key, value) in newObject)
                {
                    if (!oldObject.ContainsKey(key))
                    {
                        edits.Add(Edit("add", [.. path, JsonValue.Create(key)], value?.DeepClone()));
                    }
                }

                return;
            default:
                edits.Add(Edit("replace", path, @new));
                return;
        }
    }

    private static JsonArray Edit(string op, List<JsonNode?> path, JsonNode? value) =>
        new(JsonValue.Create(op), new JsonArray([.. path.Select(p => p?.DeepClone())]), value?.DeepClone());

    private static string KindOf(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "string",
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "bool",
            System.Text.Json.JsonValueKind.Number => value.TryGetValue<long>(out _) ? "int" : "float",
            _ => "other",
        },
        _ => "other",
    };
}
