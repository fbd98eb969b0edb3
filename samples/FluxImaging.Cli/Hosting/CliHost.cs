using FluxImaging.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Cli.Hosting;

/// <summary>
/// The services behind a command: configuration from <c>appsettings.json</c> and environment variables (and, offline,
/// the emulators' endpoints on top), logging to standard error, and FluxImaging with every provider.
/// </summary>
internal sealed class CliHost : IAsyncDisposable
{
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

    public static async Task<CliHost> StartAsync(bool offline, CancellationToken cancellationToken)
    {
        var emulators = offline ? await StartEmulators(cancellationToken).ConfigureAwait(false) : null;
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
            logging.AddSimpleConsole(console => console.SingleLine = true);
            logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        });
        var fluxImaging = services.AddFluxImaging(configuration).AddBlackForestLabs().AddVoodoohop().AddImageLabs();
        if (emulators is not null)
        {
            configuration.AddInMemoryCollection(emulators.ConfigurationFor(fluxImaging.Providers.Select(p => (p.ConfigurationSection, p.DefaultEndpoints))));
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
        return new CliHost(provider, emulators);
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
