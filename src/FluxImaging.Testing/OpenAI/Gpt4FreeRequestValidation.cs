using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FluxImaging.Testing.OpenAI;

/// <summary>
/// What pydantic v2 (lax mode) says about a body for gpt4free's <c>ImageGenerationConfig</c>: the integer fields
/// accept integers, integral floats (<c>4.0</c>) and integer strings, and reject a fractional number with
/// <c>int_from_float</c>; the string fields reject numbers; <c>prompt</c> is required. Unknown fields are dropped.
/// </summary>
internal static class Gpt4FreeRequestValidation
{
    private static readonly string[] IntegerFields = ["width", "height", "num_inference_steps", "seed", "guidance_scale", "n"];

    private static readonly string[] StringFields = ["model", "provider", "response_format", "api_key", "aspect_ratio", "negative_prompt", "resolution", "size"];

    /// <summary>The <c>detail</c> entries of the 422 gpt4free would answer; empty when the body is valid.</summary>
    public static JsonArray Errors(JsonNode? body)
    {
        // Entries go in as JsonNode: JsonArray.Add<T> of anything else creates the value by reflection.
        var errors = new JsonArray();
        if (body is not JsonObject fields)
        {
            errors.Add((JsonNode)Error(null, "Input should be a valid dictionary or object to extract fields from", "model_attributes_type"));
            return errors;
        }

        if (!fields.ContainsKey("prompt"))
        {
            errors.Add((JsonNode)Error("prompt", "Field required", "missing"));
        }
        else if (fields["prompt"]?.GetValueKind() != JsonValueKind.String)
        {
            errors.Add((JsonNode)Error("prompt", "Input should be a valid string", "string_type"));
        }

        foreach (var name in IntegerFields)
        {
            if (fields[name] is { } value && IntegerError(value) is { } error)
            {
                errors.Add((JsonNode)Error(name, error.Message, error.Type));
            }
        }

        foreach (var name in StringFields)
        {
            if (fields[name] is { } value && value.GetValueKind() != JsonValueKind.String)
            {
                errors.Add((JsonNode)Error(name, "Input should be a valid string", "string_type"));
            }
        }

        return errors;
    }

    /// <summary>An integer field's value as pydantic would coerce it, when it is one.</summary>
    public static long? Integer(JsonNode? value) => value?.GetValueKind() switch
    {
        JsonValueKind.Number when value.GetValue<double>() is var d && double.IsInteger(d) => value.AsValue().TryGetValue<long>(out var exact) ? exact : (long)d,
        JsonValueKind.String when long.TryParse(value.GetValue<string>().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    private static (string Message, string Type)? IntegerError(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False => null,
        JsonValueKind.Number => double.IsInteger(value.GetValue<double>()) ? null : ("Input should be a valid integer, got a number with a fractional part", "int_from_float"),
        JsonValueKind.String => Integer(value) is null ? ("Input should be a valid integer, unable to parse string as an integer", "int_parsing") : null,
        _ => ("Input should be a valid integer", "int_type"),
    };

    // gpt4free's own validation handler writes "message" (FastAPI's default would be "msg").
    private static JsonObject Error(string? field, string message, string type) => new()
    {
        ["loc"] = field is null ? new JsonArray("body") : new JsonArray("body", field),
        ["message"] = message,
        ["type"] = type,
    };
}
