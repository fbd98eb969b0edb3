using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using FluxImaging.OpenAI;

namespace FluxImaging.Benchmarks;

/// <summary>
/// 3. A 4 MB image in an OpenAI-style <c>b64_json</c> response decoded into bytes by our source-generated contract
/// (straight from UTF-8, no string), against <see cref="Convert.FromBase64String"/> on the already-extracted string.
/// </summary>
[MemoryDiagnoser]
public class Base64DecodingBenchmarks
{
    private byte[] _response = null!;
    private string _extracted = null!;

    [GlobalSetup]
    public void Setup()
    {
        var image = new byte[4 * 1024 * 1024];
        new Random(42).NextBytes(image);
        _extracted = Convert.ToBase64String(image);
        _response = Encoding.UTF8.GetBytes($$"""{"created":1747650012,"data":[{"b64_json":"{{_extracted}}","revised_prompt":"a red fox"}]}""");
    }

    [Benchmark(Baseline = true, Description = "Convert.FromBase64String(extracted string)")]
    public int Baseline() => Convert.FromBase64String(_extracted).Length;

    [Benchmark(Description = "Response JSON to bytes (ours)")]
    public async Task<int> Ours()
    {
        var response = await JsonSerializer.DeserializeAsync(new MemoryStream(_response, writable: false), OpenAIJsonContext.Default.ImagesResponse);
        return response!.Data![0]!.Base64Json!.Length;
    }
}
