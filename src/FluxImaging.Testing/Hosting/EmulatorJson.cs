using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FluxImaging.Testing;

/// <summary>
/// The emulators' JSON answers, built as <see cref="JsonNode"/> trees and written with source-generated metadata:
/// <c>Results.Json</c> and <c>WriteAsJsonAsync</c> without it fall back on the reflection serializer, which a trimmed
/// or Native AOT app (such as <c>fluximg generate --offline</c>, which hosts the emulators) does not have.
/// </summary>
internal static class EmulatorJson
{
    /// <summary>An answer with <paramref name="body"/> as <c>application/json</c>.</summary>
    public static IResult Result(JsonNode? body, int? statusCode = null) =>
        TypedResults.Json(body, EmulatorJsonContext.Default.JsonNode, statusCode: statusCode);

    /// <summary>Writes <paramref name="body"/> as <c>application/json</c> to a response whose status is already set.</summary>
    public static Task WriteAsync(HttpResponse response, JsonNode body, CancellationToken cancellationToken) =>
        response.WriteAsJsonAsync(body, EmulatorJsonContext.Default.JsonNode, cancellationToken: cancellationToken);
}
