using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FluxImaging.Server.Health;

/// <summary>Liveness: <c>{"status":"ok","providers":["BlackForestLabs",…]}</c>.</summary>
internal sealed record HealthBody(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("providers")] IReadOnlyList<string> Providers);

/// <summary>Readiness: the overall status, each provider by name, and the media folder.</summary>
internal sealed record ReadinessBody(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("providers")] IReadOnlyList<ProviderReadiness> Providers,
    [property: JsonPropertyName("media")] string Media)
{
    public static ReadinessBody From(HealthReport report) => new(
        report.Status.ToString(),
        [.. report.Entries
            .Where(e => e.Key.StartsWith(ServerHealthChecks.ProviderPrefix, StringComparison.Ordinal))
            .Select(e => new ProviderReadiness(
                e.Key[ServerHealthChecks.ProviderPrefix.Length..],
                e.Value.Status.ToString(),
                e.Value.Description,
                e.Value.Data.TryGetValue("models", out var models) ? (string[])models : []))],
        report.Entries.TryGetValue("media", out var media) ? media.Status.ToString() : HealthStatus.Unhealthy.ToString());
}

internal sealed record ProviderReadiness(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("description")] string? Description,
    [property: JsonPropertyName("models")] IReadOnlyList<string> Models);

[JsonSerializable(typeof(HealthBody))]
[JsonSerializable(typeof(ReadinessBody))]
internal sealed partial class HealthJsonContext : JsonSerializerContext;
