using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace FluxImaging.LoadTest;

/// <summary>The measured side: FluxImaging through DI and the real HTTP stack, pointed at the emulator process.</summary>
internal sealed class ClientHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public ClientHost(Uri emulator, TimeSpan generationDeadline)
    {
        var services = new ServiceCollection();
        services.AddFluxImaging()
            .Configure(o =>
            {
                o.Timeouts.Generation = generationDeadline;
                o.Timeouts.Attempt = TimeSpan.FromSeconds(60);
                o.Retry.BaseDelay = TimeSpan.FromMilliseconds(200);
            })
            .AddBlackForestLabs(o => o.Endpoint = emulator);
        _services = services.BuildServiceProvider();
        Client = _services.GetRequiredService<FluxImagingClient>();
    }

    public FluxImagingClient Client { get; }

    /// <summary>A FLUX.1-dev-like run: 20 steps, a preview every 4, ~28 messages.</summary>
    public static ImageRequest Request(string prompt) => new(prompt) { Model = "flux-dev", Steps = 20, Width = 256, Height = 256 };

    /// <summary>The time from the emulator producing the result to the consumer receiving the final event.</summary>
    public static TimeSpan? AddedLatency(ImageResponse response, long receivedTicks)
    {
        var name = response.Images[0].OriginalFileName;
        return name is not null && name.StartsWith("done-", StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(5, name.Length - 9), NumberStyles.Integer, CultureInfo.InvariantCulture, out var producedTicks)
            ? TimeSpan.FromTicks(receivedTicks - producedTicks)
            : null;
    }

    public static (int Handles, int Sockets) Descriptors()
    {
        var handles = 0;
        var sockets = 0;
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            handles++;
            try
            {
                if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true)
                {
                    sockets++;
                }
            }
            catch (IOException)
            {
                // The descriptor closed while we looked.
            }
        }

        return (handles, sockets);
    }

    public static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    // Environment.WorkingSet reads one small /proc file; a Process object per sample cost ~3 ms of CPU each.
    public static long WorkingSet() => Environment.WorkingSet;

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
