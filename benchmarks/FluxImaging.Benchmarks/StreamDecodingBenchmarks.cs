using System.Net.ServerSentEvents;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using FluxImaging.Gradio.Queue;
using FluxImaging.Providers;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Benchmarks;

/// <summary>
/// 1. A FLUX.1-dev queue stream and 2. a FLUX.1-schnell call stream, from memory through our real provider (HTTP client
/// pipeline, SSE parser, JSON, diffs) to <see cref="ImageEvent"/>s; baseline: the framework's SseParser alone over the
/// same bytes with no JSON work.
/// </summary>
[MemoryDiagnoser]
public class StreamDecodingBenchmarks
{
    private byte[] _devStream = null!;
    private byte[] _schnellStream = null!;
    private ServiceProvider _services = null!;
    private IImageProvider _dev = null!;
    private IImageProvider _schnell = null!;
    private readonly ImageRequest _request = new("a lighthouse at dawn");
    private UpstreamHttp _decoding = null!;

    [GlobalSetup]
    public void Setup()
    {
        _devStream = RecordedStreams.FluxDevQueue();
        _schnellStream = RecordedStreams.FluxSchnellCall();
        var eventId = Encoding.UTF8.GetBytes($$"""{"event_id":"{{RecordedStreams.EventId}}"}""");
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddFluxImaging()
            .AddBlackForestLabs(o => o.Endpoint = new Uri(RecordedStreams.Host))
            .AddVoodoohop(o => o.Endpoint = new Uri("http://schnell.bench.local"));
        services.AddHttpClient("FluxImaging.BlackForestLabs").ConfigurePrimaryHttpMessageHandler(() => new ReplayHandler(request => request.RequestUri!.AbsolutePath switch
        {
            "/gradio_api/queue/join" => ("application/json", eventId),
            "/gradio_api/queue/data" => ("text/event-stream", _devStream),
            _ => null,
        }));
        services.AddHttpClient("FluxImaging.Voodoohop").ConfigurePrimaryHttpMessageHandler(() => new ReplayHandler(request => request.RequestUri!.AbsolutePath switch
        {
            "/call/infer" => ("application/json", eventId),
            var path when path.StartsWith("/call/infer/", StringComparison.Ordinal) => ("text/event-stream", _schnellStream),
            _ => null,
        }));
        _services = services.BuildServiceProvider();

        // Decoding alone: the stream's bounds (idle timeout, response and event caps) and the frame parser, no provider.
        _decoding = new UpstreamHttp(new HttpClient(new ReplayHandler(_ => ("text/event-stream", _devStream))), "decoding");
        _dev = _services.GetServices<IImageProvider>().Single(p => p.Name == "BlackForestLabs");
        _schnell = _services.GetServices<IImageProvider>().Single(p => p.Name == "Voodoohop");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "SseParser only, FLUX.1-dev stream")]
    public async Task<int> SseParserBaseline()
    {
        var count = 0;
        await foreach (var item in SseParser.Create(new MemoryStream(_devStream, writable: false), static (_, data) => data.Length).EnumerateAsync())
        {
            count += item.Data > 0 ? 1 : 0;
        }

        return count;
    }

    [Benchmark(Description = "FLUX.1-dev queue stream decoded: bounds + QueueFrame, no provider")]
    public async Task<int> FluxDevQueueDecoding()
    {
        var count = 0;
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{RecordedStreams.Host}/gradio_api/queue/data?session_hash=bench"));
        await foreach (var frame in _decoding.StreamEventsAsync(request, QueueFrame.For(RecordedStreams.EventId), "GET /queue/data"))
        {
            count += frame.Message is not null ? 1 : 0;
        }

        return count;
    }

    [Benchmark(Description = "FLUX.1-dev queue stream to ImageEvents")]
    public async Task<int> FluxDevQueue()
    {
        var count = 0;
        await foreach (var _ in _dev.GenerateAsync(_request))
        {
            count++;
        }

        return count;
    }

    [Benchmark(Description = "SseParser only, FLUX.1-schnell stream")]
    public async Task<int> SseParserSchnellBaseline()
    {
        var count = 0;
        await foreach (var item in SseParser.Create(new MemoryStream(_schnellStream, writable: false), static (_, data) => data.Length).EnumerateAsync())
        {
            count += item.Data >= 0 ? 1 : 0;
        }

        return count;
    }

    [Benchmark(Description = "FLUX.1-schnell call stream to ImageEvents")]
    public async Task<int> FluxSchnellCall()
    {
        var count = 0;
        await foreach (var _ in _schnell.GenerateAsync(_request))
        {
            count++;
        }

        return count;
    }
}
