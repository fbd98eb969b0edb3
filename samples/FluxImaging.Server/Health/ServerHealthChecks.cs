using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace FluxImaging.Server.Health;

/// <summary>
/// ASP.NET Core health checks: <c>GET /health</c> is liveness (no check runs; the body keeps its historical shape
/// <c>{"status":"ok","providers":[…]}</c>), <c>GET /health/ready</c> is readiness with one check per registered
/// provider, named after it, and one for the media folder; 503 when one is unhealthy.
/// </summary>
internal static class ServerHealthChecks
{
    public const string ReadyTag = "ready";
    public const string ProviderPrefix = "provider:";

    public static IServiceCollection AddServerHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<MediaFolderHealthCheck>("media", tags: [ReadyTag]);

        // The providers are known only once the container is built: register one check per provider then.
        services.AddSingleton<IConfigureOptions<HealthCheckServiceOptions>, ProviderRegistrations>();
        return services;
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks("/health", new HealthCheckOptions
        {
            Predicate = _ => false,
            ResponseWriter = (context, _) =>
            {
                var client = context.RequestServices.GetRequiredService<FluxImagingClient>();
                return context.Response.WriteAsJsonAsync(new HealthBody("ok", [.. client.Providers.Select(p => p.Name)]), HealthJsonContext.Default.HealthBody);
            },
        });
        routes.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(ReadyTag),
            ResponseWriter = (context, report) => context.Response.WriteAsJsonAsync(ReadinessBody.From(report), HealthJsonContext.Default.ReadinessBody),
        });
    }

    private sealed class ProviderRegistrations(FluxImagingClient client) : IConfigureOptions<HealthCheckServiceOptions>
    {
        public void Configure(HealthCheckServiceOptions options)
        {
            foreach (var provider in client.Providers)
            {
                options.Registrations.Add(new HealthCheckRegistration($"{ProviderPrefix}{provider.Name}", new ProviderHealthCheck(provider), failureStatus: null, tags: [ReadyTag]));
            }
        }
    }
}
