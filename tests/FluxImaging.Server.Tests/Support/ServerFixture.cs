using System.Diagnostics;
using FluxImaging.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Server.Tests.Support;

/// <summary>The server sample, offline (every provider on its emulator), on a free loopback port or a given URL.</summary>
internal sealed class ServerFixture : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerFixture(WebApplication app, Uri baseAddress, string mediaFolder)
    {
        _app = app;
        BaseAddress = baseAddress;
        MediaFolder = mediaFolder;
        Emulators = app.Services.GetService<OfflineEmulators>();
        Console = app.Services.GetServices<ILoggerProvider>().OfType<ConsoleCapture>().Single();
    }

    public Uri BaseAddress { get; }

    public string MediaFolder { get; }

    public OfflineEmulators? Emulators { get; }

    /// <summary>What the server printed to its console (its own format, escaping included).</summary>
    public ConsoleCapture Console { get; }

    public IServiceProvider Services => _app.Services;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    public static Task<ServerFixture> StartAsync(string url = "http://127.0.0.1:0", bool offline = true, params string[] settings) =>
        StartAsync(url, offline, configure: null, settings);

    public static async Task<ServerFixture> StartAsync(string url, bool offline, Action<WebApplicationBuilder>? configure, params string[] settings)
    {
        var media = Directory.CreateTempSubdirectory("fluximaging-server-").FullName;
        string[] args = [.. offline ? ["--offline"] : Array.Empty<string>(), "--urls", url, $"--FluxImaging:Server:MediaFolder={media}", .. settings];
        var app = await ServerApplication.BuildAsync(args, builder =>
        {
            builder.Services.AddSingleton<ILoggerProvider, ConsoleCapture>();
            configure?.Invoke(builder);
        });

        if (app.Services.GetService<OfflineEmulators>() is { } emulators)
        {
            // Fast pacing for tests: the same protocol, less waiting.
            emulators.FluxDev.StepDelay = TimeSpan.FromMilliseconds(1);
            emulators.FluxDev.QueueAhead = 0;
            emulators.FluxSchnell.RunDelay = TimeSpan.Zero;
            emulators.FluxKontextDev.StepDelay = TimeSpan.FromMilliseconds(1);
            emulators.StableDiffusion35Large.StepDelay = TimeSpan.FromMilliseconds(1);
            emulators.OfficialFluxSchnell.StepDelay = TimeSpan.FromMilliseconds(1);
        }

        try
        {
            await app.StartAsync();
        }
        catch
        {
            // A server that fails to start (invalid settings) leaves nothing behind.
            if (app.Services.GetService<OfflineEmulators>() is { } started)
            {
                await started.DisposeAsync();
            }

            await app.DisposeAsync();

            Directory.Delete(media, recursive: true);
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServerFixture(app, new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)), media);
    }

    public Uri Url(string path) => new(BaseAddress, path);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();

        Directory.Delete(MediaFolder, recursive: true);
    }

    public static string RepositoryFolder(params string[] parts)
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FluxImaging.sln")))
        {
            directory = directory.Parent;
        }

        Assert.That(directory, Is.Not.Null, "the repository root must be above the test output");
        return Path.Combine([directory!.FullName, .. parts]);
    }

    /// <summary>Runs a program (python3, node) and returns its standard output; fails the test on a non-zero exit or after two minutes.</summary>
    public static async Task<string> RunAsync(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} did not finish within 2 minutes. stderr: {await error}");
        }

        Assert.That(process.ExitCode, Is.Zero, $"{program} failed: {await error}");
        return await output;
    }
}
