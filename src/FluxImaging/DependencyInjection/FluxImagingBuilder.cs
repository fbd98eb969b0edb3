using System.Net;
using FluxImaging.Http;
using FluxImaging.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FluxImaging;

/// <summary>
/// Returned by <c>AddFluxImaging()</c>; provider packages add themselves to it (<c>.AddBlackForestLabs()</c>,
/// <c>.AddVoodoohop()</c>, …).
/// </summary>
public sealed class FluxImagingBuilder
{
    private readonly HashSet<string> _providers = new(StringComparer.OrdinalIgnoreCase);

    internal FluxImagingBuilder(IServiceCollection services, IConfiguration? configuration)
    {
        Services = services;
        Configuration = configuration;
    }

    /// <summary>The service collection FluxImaging registers into.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The configuration given to <c>AddFluxImaging</c>, whose <c>FluxImaging</c> section options bind from; null when none.</summary>
    public IConfiguration? Configuration { get; }

    /// <summary>Changes the shared options in code (applied after configuration binding).</summary>
    /// <param name="configure">Changes to apply.</param>
    /// <returns>This builder.</returns>
    public FluxImagingBuilder Configure(Action<FluxImagingOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>
    /// Registers one of our providers: options bound from <c>FluxImaging:Providers:{name}</c> and validated at start, a
    /// named HttpClient with the provider's proxy and resilience pipeline, its runtime, and the provider as a singleton
    /// <see cref="IImageProvider"/>. Calling it again for the same name only applies <paramref name="configure"/>.
    /// </summary>
    internal FluxImagingBuilder AddProvider<TProvider, TOptions>(
        string name,
        Action<TOptions>? configure,
        Func<IServiceProvider, ProviderRuntime, TProvider> create,
        Action<IHttpClientBuilder>? configureHttp = null)
        where TProvider : class, IImageProvider
        where TOptions : ImageProviderOptions
    {
        if (!_providers.Add(name))
        {
            if (configure is not null)
            {
                Services.Configure(configure);
            }

            return this;
        }

        var options = Services.AddOptions<TOptions>();
        if (Configuration is not null)
        {
            options.Bind(Configuration.GetSection($"{FluxImagingOptions.SectionName}:Providers:{name}"));
        }

        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        Services.AddSingleton<IValidateOptions<TOptions>>(new ImageProviderOptionsValidator<TOptions>(name));

        // The runtime resolves the provider's effective timeouts, clock and logger once; its pipeline uses the same.
        Services.AddKeyedSingleton(name, (sp, _) =>
        {
            var runtime = sp.GetRequiredKeyedService<ProviderRuntime>(name);
            var retry = sp.GetRequiredService<IOptions<FluxImagingOptions>>().Value.Retry;
            return ProviderPipeline.Create(name, retry, runtime.Timeouts, runtime.TimeProvider, runtime.Logger);
        });

        Services.AddKeyedSingleton(name, (sp, _) =>
        {
            var shared = sp.GetRequiredService<IOptions<FluxImagingOptions>>().Value;
            var own = sp.GetRequiredService<IOptions<TOptions>>().Value;
            return new ProviderRuntime(
                name,
                sp.GetRequiredService<IHttpClientFactory>(),
                own.Timeouts.Over(shared.Timeouts),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger($"FluxImaging.Providers.{name}"));
        });

        var http = Services.AddHttpClient(ProviderRuntime.HttpClientName(name))
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => CreatePrimaryHandler(sp.GetRequiredService<IOptions<TOptions>>().Value.Proxy))
            .AddHttpMessageHandler(sp => new ResilienceHandler(sp.GetRequiredKeyedService<ProviderPipeline>(name)))
            .RedactLoggedHeaders(static _ => true);
        configureHttp?.Invoke(http);

        Services.AddSingleton(sp => create(sp, sp.GetRequiredKeyedService<ProviderRuntime>(name)));
        Services.AddSingleton<IImageProvider>(sp => sp.GetRequiredService<TProvider>());
        return this;
    }

    private static SocketsHttpHandler CreatePrimaryHandler(Uri? proxy)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        };
        if (proxy is not null)
        {
            handler.Proxy = new WebProxy(proxy);
            handler.UseProxy = true;
        }

        return handler;
    }
}
