using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace FluxImaging.OpenAI.Tests.Support;

/// <summary>A service provider as an application builds it: configuration, FluxImaging without retries, captured logs.</summary>
internal static class OpenAIHost
{
    public static ServiceProvider Build(IReadOnlyDictionary<string, string?> settings, Action<FluxImagingBuilder> add) =>
        Build(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), add);

    public static ServiceProvider Build(IConfiguration configuration, Action<FluxImagingBuilder> add)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Information).AddFakeLogging());

        // One attempt per call, so that a fault applies to exactly one request.
        add(services.AddFluxImaging(configuration).Configure(o => o.Retry.MaxAttempts = 1));
        return services.BuildServiceProvider();
    }

    /// <summary>The provider <c>OpenAI</c> configured in code; its connections go to <paramref name="primary"/> when given.</summary>
    public static ServiceProvider Build(Action<OpenAICompatibleOptions> configure, HttpMessageHandler? primary = null) =>
        Build(new Dictionary<string, string?>(), builder =>
        {
            builder.AddOpenAICompatible(configure);
            if (primary is not null)
            {
                builder.ConfigureHttpClient("OpenAI", client => client.ConfigurePrimaryHttpMessageHandler(() => primary));
            }
        });

    public static FluxImagingClient Client(this ServiceProvider services) => services.GetRequiredService<FluxImagingClient>();

    public static IReadOnlyList<FakeLogRecord> Logs(this ServiceProvider services) => services.GetFakeLogCollector().GetSnapshot();
}
