using FluxImaging.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
    private const string PollinationsSection = "FluxImaging:Providers:Pollinations";

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
            var configuration = Configuration(emulators);
            services = Services(configuration, emulators).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
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

    private static IConfiguration Configuration(OfflineEmulators? emulators)
    {
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables();
        if (emulators is not null)
        {
            builder.AddInMemoryCollection(emulators.Configuration);
        }

        return builder.Build();
    }

    private static ServiceCollection Services(IConfiguration configuration, OfflineEmulators? emulators)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.AddConfiguration(configuration.GetSection("Logging"));

            // Library log lines repeat what upstreams said; the formatter escapes it, as the reporters do.
            logging.AddConsole(console => console.FormatterName = EscapingConsoleFormatter.FormatterName)
                .AddConsoleFormatter<EscapingConsoleFormatter, ConsoleFormatterOptions>();
            logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        AddProviders(services.AddFluxImaging(configuration), configuration, emulators);
        return services;
    }

    /// <summary>
    /// Every provider the CLI knows: the packaged ones, Pollinations, the Gradio Space presets and every
    /// <c>FluxImaging:Spaces:&lt;Name&gt;</c> entry, and the OpenAI-compatible endpoints that configuration names (the
    /// provider <c>OpenAI</c> only when its section says more than its <c>Instances</c>: it has no default endpoint).
    /// Offline, only the providers the emulators stand in for: any other would reach the network.
    /// </summary>
    private static void AddProviders(FluxImagingBuilder fluxImaging, IConfiguration configuration, OfflineEmulators? emulators)
    {
        var offline = emulators is null ? null : new ConfigurationBuilder().AddInMemoryCollection(emulators.Configuration).Build();
        var named = offline ?? configuration;
        fluxImaging.AddBlackForestLabs().AddVoodoohop().AddImageLabs();
        if (offline is null || offline.GetSection(PollinationsSection).Exists())
        {
            fluxImaging.AddPollinations();
        }

        try
        {
            if (offline is null)
            {
                fluxImaging.AddGradioSpaces();
            }
            else
            {
                foreach (var space in offline.GetSection(GradioSpaceBuilderExtensions.SectionName).GetChildren())
                {
                    fluxImaging.AddGradioSpace(space.Key);
                }
            }
        }
        catch (ArgumentException ex)
        {
            // A section name that cannot be a provider name: the builder names it, the key says where it came from.
            var spaces = named.GetSection(GradioSpaceBuilderExtensions.SectionName).GetChildren();
            var key = spaces.FirstOrDefault(s => ex.Message.Contains($"'{s.Key}'", StringComparison.Ordinal))?.Path ?? GradioSpaceBuilderExtensions.SectionName;
            throw InvalidConfigurationException.Registration(key, ex);
        }

        if (named.GetSection(OpenAISection).GetChildren().Any(c => !string.Equals(c.Key, InstancesKey, StringComparison.OrdinalIgnoreCase)))
        {
            fluxImaging.AddOpenAICompatible();
        }

        if (offline is null)
        {
            fluxImaging.AddOpenAICompatibleInstances();
        }
        else
        {
            foreach (var instance in offline.GetSection($"{OpenAISection}:{InstancesKey}").GetChildren())
            {
                fluxImaging.AddOpenAICompatible(instance.Key);
            }
        }
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
