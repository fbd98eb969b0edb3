using System.Text.Json;
using FluxImaging.Server.Safety;

namespace FluxImaging.Server.Api.Fields;

/// <summary>A request body that must be one JSON object, parsed in place and read while its document lives.</summary>
internal static class JsonRequestBody
{
    /// <summary>
    /// Parses <paramref name="body"/> and hands its root object to <paramref name="read"/>; invalid JSON, another value
    /// than an object, and a field's <see cref="RequestFieldException"/> each become the 400 that names them.
    /// </summary>
    /// <returns>Null when <paramref name="value"/> was read; else the error to answer with.</returns>
    public static ApiError? TryRead<T>(ReadOnlyMemory<byte> body, EchoLimits echo, Func<JsonElement, T> read, out T value)
    {
        value = default!;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return ApiError.Invalid("The request body is not valid JSON.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ApiError.Invalid("The request body must be a JSON object.");
            }

            try
            {
                value = read(root);
                return null;
            }
            catch (RequestFieldException ex)
            {
                return GenerationRequest.Invalid(ex, echo);
            }
        }
    }
}
