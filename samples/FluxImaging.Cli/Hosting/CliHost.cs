using FluxImaging.Gradio;
using FluxImaging.Samples.Logging;
using FluxImaging.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace FluxImaging.Cli.Hosting;

/// <summary>
/// The services behind a command: configuration from <c>appsettings.json</c> and environment variables (and, offline,
/// the emulators' endpoints on top), logging to standard error, and FluxImaging with every provider.
/// </summary>
internal sealed class CliHost : IAsyncDisposable
{
    private const string OpenAISection = "FluxImaging:Providers:OpenAI";
    private const string InstancesKey = "Instances";

    private readonly ServiceProvider _services;
    private readonly OfflineEmulators? _emulators;

    private CliHost(ServiceProvider services, OfflineEmulators? emulators)
    {
        _services = services;
        _emulators = emulators;
    }

    public FluxImagingClient Client => _services.GetRequiredService<FluxImagingClient>();

    public OfflineEmulators? Emulators => _emulators;

    /// <summary>Starts the offline emulators; tests replace it to script the emulators' behaviour.</summary>
    internal static Func<CancellationToken, Task<OfflineEmulators>> StartEmulators { get; set; } = OfflineEmulators.StartAsync;

    /// <summary>Builds the services and checks every setting.</summary>
    /// <exception cref="InvalidConfigurationException">A setting is invalid; nothing is left running.</exception>
    public static async Task<CliHost> StartAsync(bool offline, CancellationToken cancellationToken)
    {
        var emulators = offline ? await StartEmulators(cancellationToken).ConfigureAwait(false) : null;
        ServiceProvider? services = null;
        try
        {
            services = CreateServices(emulators).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
            services.GetRequiredService<IStartupValidator>().Validate();
            return new CliHost(services, emulators);
        }
        catch (Exception ex) when (ex is InvalidConfigurationException || InvalidConfigurationException.From(ex) is not null)
        {
            if (services is not null)
            {
                await services.DisposeAsync().ConfigureAwait(false);
            }

            if (emulators is not null)
            {
                await emulators.DisposeAsync().ConfigureAwait(false);
            }

            throw ex as InvalidConfigurationException ?? InvalidConfigurationException.From(ex)!;
        }
    }

    /// <summary>The services, for tests that check what was registered and how it is configured.</summary>
    internal IServiceProvider Services => _services;

    private static ServiceCollection CreateServices(OfflineEmulators? emulators)
    {
        // A ConfigurationManager takes sources after providers are registered: the offline bundle asks their registrations.
        var configuration = new ConfigurationManager();
        configuration
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));

            // Library log lines repeat what upstreams said; the formatter escapes it, as the reporters do.
            // It has no options, so it is registered as is: AddConsoleFormatter would bind some by reflection (not AOT-safe).
            logging.AddConsole(console => console.FormatterName = EscapingConsoleFormatter.FormatterName);
            logging.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, EscapingConsoleFormatter>());
            logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        var fluxImaging = AddProviders(services.AddFluxImaging(configuration), offline: emulators is not null);
        if (emulators is not null)
        {
            configuration.AddInMemoryCollection(emulators.ConfigurationFor(fluxImaging.Providers.Select(p => (p.ConfigurationSection, p.DefaultEndpoints))));
        }

        return services;
    }

    /// <summary>
    /// Every provider the CLI knows: the packaged ones, Pollinations, the Gradio Space presets and every
    /// <c>FluxImaging:Spaces:&lt;Name&gt;</c> entry, and the OpenAI-compatible endpoints configuration names (the provider
    /// <c>OpenAI</c> only when its section says more than its <c>Instances</c>: without a key it is no use). Offline, only
    /// the providers whose services the emulators stand in for — the packaged ones, the presets and OpenAI's API — since
    /// a Space or endpoint of the user's own would reach the network.
    /// </summary>
    private static FluxImagingBuilder AddProviders(FluxImagingBuilder fluxImaging, bool offline)
    {
        fluxImaging.AddBlackForestLabs().AddVoodoohop().AddImageLabs().AddPollinations();
        if (offline)
        {
            foreach (var preset in GradioSpacePresets.Names)
            {
                fluxImaging.AddGradioSpace(preset);
            }

            return fluxImaging.AddOpenAICompatible();
        }

        fluxImaging.AddGradioSpaces();
        if (fluxImaging.Configuration!.GetSection(OpenAISection).GetChildren().Any(c => !string.Equals(c.Key, InstancesKey, StringComparison.OrdinalIgnoreCase)))
        {
            fluxImaging.AddOpenAICompatible();
        }

        return fluxImaging.AddOpenAICompatibleInstances();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        if (_emulators is not null)
        {
            await _emulators.DisposeAsync().ConfigureAwait(false);
        }
    }
}
