using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FluxImaging.Server.Health;

/// <summary>
/// Readiness of one registered provider, from what the server knows without asking the upstream: it is registered,
/// configured, and serves these models. A probe never costs an upstream call (nor its quota).
/// </summary>
internal sealed class ProviderHealthCheck(IImageProvider provider) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var models = provider.Models.Ids.Concat(provider.Models.Aliases).ToArray();
        var data = new Dictionary<string, object> { ["models"] = models };
        return Task.FromResult(models.Length > 0
            ? HealthCheckResult.Healthy(provider.Label, data)
            : HealthCheckResult.Unhealthy($"{provider.Label} serves no model.", data: data));
    }
}
