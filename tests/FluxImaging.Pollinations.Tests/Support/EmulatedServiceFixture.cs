using FluxImaging.Testing.Pollinations;

namespace FluxImaging.Pollinations.Tests.Support;

/// <summary>A fresh emulated Pollinations service per test, and a FluxImaging host pointed at it (a test may replace the host; the one left is disposed).</summary>
public abstract class EmulatedServiceFixture
{
    private protected PollinationsEmulator Service { get; private set; } = null!;

    private protected PollinationsHost Host { get; set; } = null!;

    [SetUp]
    public async Task StartServiceAsync()
    {
        Service = await PollinationsEmulator.StartAsync();
        Host = PollinationsHost.Create(o => o.Endpoint = Service.BaseAddress);
    }

    [TearDown]
    public async Task StopServiceAsync()
    {
        await Host.DisposeAsync();
        await Service.DisposeAsync();
    }
}
