using System.Diagnostics;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.LoadTest;

/// <summary>
/// The FLUX.1-dev emulator in a process of its own, so that the client's CPU is measured alone, behind a
/// <see cref="FrameSplittingProxy"/> so that every event reaches the client in a send of its own, as from Gradio's
/// server. <c>serve</c> runs it until standard input closes; <see cref="StartAsync"/> launches it as a child of the
/// measuring process.
/// </summary>
internal sealed class EmulatorServer : IAsyncDisposable
{
    private readonly Process _process;

    private EmulatorServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<int> RunAsync(Arguments options)
    {
        await using var space = await FluxDevSpace.StartAsync();
        space.Host.RecordRequests = false;
        space.StepDelay = TimeSpan.FromMilliseconds(options.Int("pace", 50));
        space.ZeroGpuLogs = false;
        space.PreviewEvery = 4;
        space.PreviewSize = 16;
        space.FinalSize = 64;
        space.StampCompletions = true;
        space.PromptFaults = true;
        space.HeartbeatInterval = TimeSpan.FromSeconds(options.Int("heartbeat", 15));
        await using var proxy = new FrameSplittingProxy(space.BaseAddress);
        Console.WriteLine($"READY {proxy.Address}");
        await Console.In.ReadToEndAsync(); // until the parent closes our standard input
        return 0;
    }

    public static async Task<EmulatorServer> StartAsync(int paceMilliseconds)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };

        // The runtime settings under test are the client's: the emulator runs with the defaults in every comparison.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DOTNET_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.ArgumentList.Add(typeof(EmulatorServer).Assembly.Location);
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--pace");
        start.ArgumentList.Add(paceMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(start)!;
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (ready?.StartsWith("READY ", StringComparison.Ordinal) != true)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The emulator process did not start: {ready}");
        }

        return new EmulatorServer(process, new Uri(ready["READY ".Length..]));
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
