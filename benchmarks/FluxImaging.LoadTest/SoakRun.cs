using System.Globalization;
using FluxImaging.Testing.Gradio;

namespace FluxImaging.LoadTest;

/// <summary>
/// Mixed traffic for a while (faults, 20% cancellations): managed memory, handles and sockets sampled every few
/// seconds must stay flat, and every generation must end in an image, a typed error or its cancellation — none may hang.
/// Exits non-zero when that does not hold.
/// </summary>
internal static class SoakRun
{
    private static readonly SpaceFault[] Faults = [SpaceFault.HiddenError, SpaceFault.QuotaExceeded, SpaceFault.UnexpectedError, SpaceFault.EndsEarly];

    public static async Task<int> RunAsync(Arguments options)
    {
        var duration = TimeSpan.FromMinutes(options.Double("minutes", 30));
        var concurrency = options.Int("concurrency", 50);
        var pace = options.Int("pace", 20);
        var sampleEvery = TimeSpan.FromSeconds(options.Int("sample-seconds", 5));
        var deadline = TimeSpan.FromSeconds(30);
        await using var emulator = await EmulatorServer.StartAsync(pace);
        await using var host = new ClientHost(emulator.Address, deadline);
        await host.Client.GenerateImageAsync(ClientHost.Request("warm-up"));

        long images = 0, typedErrors = 0, cancelled = 0, hung = 0, untyped = 0;
        var samples = new List<(double Seconds, double ManagedMb, double WorkingSetMb, int Handles, int Sockets)>();
        var end = DateTime.UtcNow + duration;
        var started = DateTime.UtcNow;
        Console.WriteLine($"Soak: {duration.TotalMinutes:0.#} min, {concurrency} concurrent, {pace} ms pace, 20% cancelled, 10% faults");

        var sampler = Task.Run(async () =>
        {
            while (DateTime.UtcNow < end)
            {
                var managed = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
                var (handles, sockets) = ClientHost.Descriptors();
                var sample = ((DateTime.UtcNow - started).TotalSeconds, managed, ClientHost.WorkingSet() / 1048576.0, handles, sockets);
                lock (samples)
                {
                    samples.Add(sample);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  t={sample.Item1,6:0}s managed={managed,7:0.0} MB ws={sample.Item3,7:0.0} MB handles={handles,5} sockets={sockets,5} images={Interlocked.Read(ref images)} errors={Interlocked.Read(ref typedErrors)} cancelled={Interlocked.Read(ref cancelled)}"));
                await Task.Delay(sampleEvery);
            }
        });

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (DateTime.UtcNow < end)
            {
                var roll = random.NextDouble();
                var prompt = roll is >= 0.2 and < 0.3 ? $"fault:{Faults[random.Next(Faults.Length)]} soak" : $"soak {worker}";
                using var cancellation = new CancellationTokenSource();
                if (roll < 0.2)
                {
                    cancellation.CancelAfter(TimeSpan.FromMilliseconds(random.Next(20, pace * 25)));
                }

                var generation = Consume(host.Client, ClientHost.Request(prompt), cancellation.Token);
                try
                {
                    // A generation is bounded by its deadline; past that plus a margin it has hung.
                    await generation.WaitAsync(deadline + TimeSpan.FromSeconds(30));
                    Interlocked.Increment(ref images);
                }
                catch (FluxImagingException)
                {
                    Interlocked.Increment(ref typedErrors);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    Interlocked.Increment(ref cancelled);
                }
                catch (TimeoutException)
                {
                    Interlocked.Increment(ref hung);
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref untyped);
                    Console.Error.WriteLine($"untyped failure: {ex.GetType().Name}: {ex.Message}");
                }
            }
        })));
        await sampler;

        // Flat: the last third of the run may not sit clearly above the first third (after warm-up).
        var third = Math.Max(1, samples.Count / 3);
        var early = samples.Skip(1).Take(third).DefaultIfEmpty(samples[0]).ToList();
        var late = samples.TakeLast(third).ToList();
        var managedGrowth = late.Average(s => s.ManagedMb) - early.Average(s => s.ManagedMb);
        var socketGrowth = late.Max(s => s.Sockets) - early.Max(s => s.Sockets);
        var handleGrowth = late.Max(s => s.Handles) - early.Max(s => s.Handles);
        var flat = managedGrowth <= Math.Max(5, early.Average(s => s.ManagedMb) * 0.25) && socketGrowth <= concurrency && handleGrowth <= concurrency;
        var total = images + typedErrors + cancelled + hung + untyped;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Soak done: {total} generations — {images} images, {typedErrors} typed errors, {cancelled} cancelled, {hung} hung, {untyped} untyped; managed memory {Math.Round(managedGrowth, 1):+0.0;-0.0;0.0} MB, sockets {socketGrowth:+0;-0;0}, handles {handleGrowth:+0;-0;0} (last third vs first third): {(flat ? "flat" : "GROWING")}"));
        return hung == 0 && untyped == 0 && images > 0 && typedErrors > 0 && cancelled > 0 && flat ? 0 : 1;
    }

    private static async Task Consume(FluxImagingClient client, ImageRequest request, CancellationToken cancellationToken)
    {
        await foreach (var _ in client.GenerateAsync(request, cancellationToken))
        {
        }
    }
}
