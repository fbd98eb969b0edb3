using BenchmarkDotNet.Attributes;
using FluxImaging.Images;

namespace FluxImaging.Benchmarks;

/// <summary>4. Saving an image from a response stream to disk: allocations must not grow with the image size.</summary>
[MemoryDiagnoser]
public class SaveImageBenchmarks
{
    private string _folder = null!;
    private GeneratedImage _image = null!;
    private HttpClient _client = null!;

    [Params(1, 16)]
    public int Megabytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var png = new byte[Megabytes * 1024 * 1024];
        new Random(42).NextBytes(png);
        ((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]).CopyTo(png);
        _client = new HttpClient(new ReplayHandler(_ => ("image/png", png)));
        _image = new GeneratedImage(new Uri("http://bench.local/image.png"), "image/png", new ImageDownloader("Bench", () => _client, TimeSpan.FromSeconds(30), GeneratedImage.DefaultMaxBytes, TimeProvider.System));
        _folder = Directory.CreateTempSubdirectory("fluximaging-bench-").FullName;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "Response stream to file")]
    public async Task<long> Save()
    {
        var path = await _image.SaveAsync(_folder);
        var length = new FileInfo(path).Length;
        File.Delete(path);
        return length;
    }
}
