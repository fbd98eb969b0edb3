using System.Diagnostics;
using FluxImaging.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FluxImaging.Tests.Diagnostics;

/// <summary>
/// What an application's OpenTelemetry SDK exports from the <c>FluxImaging</c> source and meter, read back through the
/// SDK's in-memory exporter: one <c>generate_content {model}</c> span with a child per provider attempt, and one
/// <c>gen_ai.client.operation.duration</c> point per generation, fallbacks included. Each test asks for a model of its
/// own, so generations of tests running alongside never count.
/// </summary>
[TestFixture]
public sealed class TelemetryTests
{
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private TracerProvider _tracing = null!;
    private MeterProvider _meters = null!;
    private string _model = null!;

    [SetUp]
    public void SetUp()
    {
        _spans.Clear();
        _metrics.Clear();
        _model = $"flux-{Guid.NewGuid():N}";
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource("FluxImaging").AddInMemoryExporter(_spans).Build();
        _meters = Sdk.CreateMeterProviderBuilder().AddMeter("FluxImaging").AddInMemoryExporter(_metrics).Build();
    }

    [TearDown]
    public void TearDown()
    {
        _tracing.Dispose();
        _meters.Dispose();
    }

    [Test]
    public async Task One_span_covers_the_generation_with_a_child_per_provider_attempt()
    {
        var broken = new ScriptedProvider("Broken", ScriptedProvider.Flux("broken-1", _model), ScriptedProvider.Fail(FluxImagingErrorKind.UpstreamUnavailable));
        var healthy = new ScriptedProvider("Healthy", ScriptedProvider.Flux("healthy-1", _model), p => p.Final());

        await new FluxImagingClient([broken, healthy]).GenerateImageAsync("a cat", _model);
        _tracing.ForceFlush();

        var generation = _spans.Single(s => s.DisplayName == $"generate_content {_model}");
        var attempts = _spans.Where(s => s.OperationName == "fluximaging.attempt" && s.ParentSpanId == generation.SpanId).ToList();
        Assert.That(attempts.Select(a => a.GetTagItem("fluximaging.provider")), Is.EqualTo(new[] { "Broken", "Healthy" }));
        Assert.That(attempts[0].GetTagItem("error.type"), Is.EqualTo("UpstreamUnavailable"));
        Assert.That((generation.Kind, generation.Status), Is.EqualTo((ActivityKind.Client, ActivityStatusCode.Unset)));
        Assert.That(Tags(generation, "gen_ai.operation.name", "gen_ai.request.model", "gen_ai.provider.name", "gen_ai.response.model", "gen_ai.output.type"), Is.EqualTo(new object?[]
        {
            "generate_content", _model, "Healthy", "healthy-1", "image",
        }));
    }

    [Test]
    public void A_failed_generation_is_an_error_span_naming_the_kind()
    {
        var broken = new ScriptedProvider("Broken", ScriptedProvider.Flux("broken-1", _model), ScriptedProvider.Fail(FluxImagingErrorKind.QuotaExceeded, "out of quota"));

        Assert.ThrowsAsync<FluxImagingException>(() => new FluxImagingClient([broken]).GenerateImageAsync("a cat", _model));
        _tracing.ForceFlush();

        var generation = _spans.Single(s => s.DisplayName == $"generate_content {_model}");
        Assert.That((generation.Status, generation.GetTagItem("error.type")), Is.EqualTo((ActivityStatusCode.Error, (object)"QuotaExceeded")));
    }

    [Test]
    public async Task Each_generation_records_one_operation_duration_with_the_GenAI_tags()
    {
        var broken = new ScriptedProvider("Broken", ScriptedProvider.Flux("broken-1", _model), ScriptedProvider.Fail(FluxImagingErrorKind.UpstreamUnavailable));
        var healthy = new ScriptedProvider("Healthy", ScriptedProvider.Flux("healthy-1", _model), p => p.Final());
        var client = new FluxImagingClient([broken, healthy]);

        await client.GenerateImageAsync("a cat", _model);
        await client.GenerateImageAsync("a dog", _model);
        _meters.ForceFlush();

        var metric = _metrics.Last(m => m.Name == "gen_ai.client.operation.duration");
        Assert.That(metric.Unit, Is.EqualTo("s"));
        var points = Points(metric).Where(p => Equals(p.Tags.GetValueOrDefault("gen_ai.request.model"), _model)).ToList();
        Assert.That(points.Select(p => (p.Count, p.Tags.Count)), Is.EqualTo(new[] { (2L, 3) }), "two generations, one point, no error.type: the fallback succeeded");
        Assert.That(points[0].Tags, Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["gen_ai.operation.name"] = "generate_content",
            ["gen_ai.request.model"] = _model,
            ["gen_ai.provider.name"] = "Healthy",
        }));
    }

    [Test]
    public void A_failed_generation_records_its_duration_with_error_type()
    {
        var broken = new ScriptedProvider("Broken", ScriptedProvider.Flux("broken-1", _model), ScriptedProvider.Fail(FluxImagingErrorKind.RateLimited));

        Assert.ThrowsAsync<FluxImagingException>(() => new FluxImagingClient([broken]).GenerateImageAsync("a cat", _model));
        _meters.ForceFlush();

        var point = Points(_metrics.Last(m => m.Name == "gen_ai.client.operation.duration")).Single(p => Equals(p.Tags.GetValueOrDefault("gen_ai.request.model"), _model));
        Assert.That((point.Count, point.Tags.GetValueOrDefault("error.type"), point.Tags.GetValueOrDefault("gen_ai.provider.name")), Is.EqualTo((1L, (object?)"RateLimited", (object?)"Broken")));
    }

    private static object?[] Tags(Activity span, params string[] names) => [.. names.Select(span.GetTagItem)];

    private static List<(long Count, Dictionary<string, object?> Tags)> Points(Metric metric)
    {
        var points = new List<(long, Dictionary<string, object?>)>();
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            points.Add((point.GetHistogramCount(), tags));
        }

        return points;
    }
}
