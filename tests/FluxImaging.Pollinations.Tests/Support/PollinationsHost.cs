using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Pollinations.Tests.Support;

/// <summary>A FluxImaging host with the Pollinations provider, built the way an application builds it (public API only).</summary>
internal sealed class PollinationsHost : IAsyncDisposable
{
    private PollinationsHost(ServiceProvider services, CapturedLogs logs)
    {
        Services = services;
        Logs = logs;
    }

    public ServiceProvider Services { get; }

    public CapturedLogs Logs { get; }

    public FluxImagingClient Client => Services.GetRequiredService<FluxImagingClient>();

    /// <summary>
    /// Builds a host. Retries are off unless <paramref name="shared"/> turns them on, so each answer of the upstream is
    /// seen as it is.
    /// </summary>
    public static PollinationsHost Create(
        Action<PollinationsOptions>? configure = null,
        Action<FluxImagingOptions>? shared = null,
        Func<HttpMessageHandler>? primaryHandler = null,
        Action<FluxImagingBuilder>? moreProviders = null,
        IDictionary<string, string?>? configuration = null,
        TimeProvider? timeProvider = null,
        Action<FluxImagingBuilder>? beforePollinations = null)
    {
        var services = new ServiceCollection();
        var logs = new CapturedLogs();
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        var root = configuration is null ? null : new ConfigurationBuilder().AddInMemoryCollection(configuration).Build();
        var builder = services.AddFluxImaging(root).Configure(o =>
        {
            o.Retry.MaxAttempts = 1;
            o.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            shared?.Invoke(o);
        });
        beforePollinations?.Invoke(builder);
        builder.AddPollinations(configure);
        if (primaryHandler is not null)
        {
            builder.ConfigureHttpClient("Pollinations", http => http.ConfigurePrimaryHttpMessageHandler(primaryHandler));
        }

        moreProviders?.Invoke(builder);
        return new PollinationsHost(services.BuildServiceProvider(), logs);
    }

    /// <summary>Every event of one generation, and the error that ended it, if any.</summary>
    public async Task<(List<ImageEvent> Events, FluxImagingException? Error)> RunAsync(ImageRequest request)
    {
        var events = new List<ImageEvent>();
        try
        {
            await foreach (var imageEvent in Client.GenerateAsync(request))
            {
                events.Add(imageEvent);
            }

            return (events, null);
        }
        catch (FluxImagingException error)
        {
            return (events, error);
        }
    }

    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
