using System.Diagnostics;
using FluxImaging.Testing.Gradio;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FluxImaging.Extensions.AI.Tests;

/// <summary>
/// A generation through <c>AddImageGenerator(…).UseLogging().UseOpenTelemetry()</c>, as an application composes it:
/// what the logging layer logged, and the span and metrics the OpenTelemetry layer exported, read back through the
/// OpenTelemetry SDK's in-memory exporter.
/// </summary>
[TestFixture]
public sealed class PipelineTelemetryTests
{
    private const string SourceName = "FluxImaging.Extensions.AI.Tests";
    private const string LoggingCategory = "Microsoft.Extensions.AI.LoggingImageGenerator";
    private const string Prompt = "a lighthouse at dawn";

    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private FluxSchnellSpace _space = null!;
    private TracerProvider _tracing = null!;
    private MeterProvider _meters = null!;
    private ServiceProvider? _services;

    [SetUp]
    public async Task SetUp()
    {
        // NUnit runs every test on one fixture instance.
        _spans.Clear();
        _metrics.Clear();
        _services = null;
        _space = await FluxSchnellSpace.StartAsync();

        // The pipeline's own source, and FluxImaging's, whose spans should nest under the pipeline's.
        _tracing = Sdk.CreateTracerProviderBuilder().AddSource(SourceName, "FluxImaging").AddInMemoryExporter(_spans).Build();
        _meters = Sdk.CreateMeterProviderBuilder().AddMeter(SourceName).AddInMemoryExporter(_metrics).Build();
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        _tracing.Dispose();
        _meters.Dispose();
        await _space.DisposeAsync();
    }

    [Test]
    public async Task The_logging_layer_logs_the_call_and_its_completion_without_the_prompt_below_trace()
    {
        var generator = Generator(LogLevel.Debug);

        await generator.GenerateImagesAsync(Prompt);

        var records = Logs().Where(r => r.Category == LoggingCategory).ToList();
        Assert.That(records.Select(r => (r.Level, r.Message)), Is.EqualTo(new[]
        {
            (LogLevel.Debug, "GenerateAsync invoked."),
            (LogLevel.Debug, "GenerateAsync completed."),
        }));
        Assert.That(records.Select(r => r.Message), Has.None.Contains(Prompt));
    }

    [Test]
    public async Task At_trace_the_logging_layer_logs_the_prompt_and_the_fluximaging_metadata()
    {
        var generator = Generator(LogLevel.Trace);

        await generator.GenerateImagesAsync(Prompt, new ImageGenerationOptions { ResponseFormat = ImageGenerationResponseFormat.Uri });

        var invoked = Logs().First(r => r.Category == LoggingCategory);
        Assert.That(invoked.Level, Is.EqualTo(LogLevel.Trace));
        Assert.That(invoked.Message, Does.Contain(Prompt).And.Contain("\"providerName\": \"fluximaging\"").And.Contain("\"defaultModelId\": \"flux-schnell\""));
    }

    [Test]
    public async Task The_opentelemetry_layer_exports_one_generate_content_span_with_the_gen_ai_tags()
    {
        var generator = Generator(LogLevel.Information);

        await generator.GenerateImagesAsync(Prompt, new ImageGenerationOptions { Count = 1, ImageSize = new System.Drawing.Size(512, 384) });
        _tracing.ForceFlush();

        var span = _spans.Single(s => s.Source.Name == SourceName);
        Assert.That(span.DisplayName, Is.EqualTo("generate_content flux-schnell"));
        Assert.That(span.Kind, Is.EqualTo(ActivityKind.Client));
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(span.TagObjects.ToDictionary(t => t.Key, t => t.Value), Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["gen_ai.operation.name"] = "generate_content",
            ["gen_ai.output.type"] = "image",
            ["gen_ai.request.model"] = "flux-schnell",
            ["gen_ai.provider.name"] = "fluximaging",
            ["gen_ai.request.choice.count"] = 1,
            ["gen_ai.request.image.width"] = 512,
            ["gen_ai.request.image.height"] = 384,
        }));
    }

    [Test]
    public async Task FluxImagings_own_spans_nest_under_the_generate_content_span()
    {
        var generator = Generator(LogLevel.Information);

        await generator.GenerateImagesAsync(Prompt);
        _tracing.ForceFlush();

        var parent = _spans.Single(s => s.Source.Name == SourceName);
        var ours = _spans.Where(s => s.Source.Name == "FluxImaging").ToList();
        var generation = ours.Single(s => s.OperationName.StartsWith("generate_content", StringComparison.Ordinal));
        var attempts = ours.Where(s => s.OperationName == "fluximaging.attempt").ToList();
        Assert.That((generation.TraceId, generation.ParentSpanId), Is.EqualTo((parent.TraceId, parent.SpanId)));
        Assert.That(attempts, Is.Not.Empty);
        Assert.That(attempts.Select(s => (s.TraceId, s.ParentSpanId)), Has.All.EqualTo((parent.TraceId, generation.SpanId)));
    }

    [Test]
    public async Task The_opentelemetry_layer_records_the_operation_duration_with_model_and_provider()
    {
        var generator = Generator(LogLevel.Information);

        await generator.GenerateImagesAsync(Prompt);
        _meters.ForceFlush();

        var (count, tags) = Duration();
        Assert.That(count, Is.EqualTo(1));
        Assert.That(tags, Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["gen_ai.operation.name"] = "generate_content",
            ["gen_ai.request.model"] = "flux-schnell",
            ["gen_ai.provider.name"] = "fluximaging",
        }));
    }

    [Test]
    public async Task A_failure_is_logged_as_an_error_and_marks_the_span_and_the_duration_with_its_type()
    {
        var generator = Generator(LogLevel.Information);
        _space.FailNext(SpaceFault.HiddenError);

        var thrown = Assert.ThrowsAsync<FluxImagingException>(() => generator.GenerateImagesAsync(Prompt));
        _tracing.ForceFlush();
        _meters.ForceFlush();

        var failed = Logs().Single(r => r.Category == LoggingCategory);
        Assert.That((failed.Level, failed.Message, failed.Exception), Is.EqualTo((LogLevel.Error, "GenerateAsync failed.", (Exception?)thrown)));

        var span = _spans.Single(s => s.Source.Name == SourceName);
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(span.StatusDescription, Is.EqualTo(thrown!.Message));
        Assert.That(span.GetTagItem("error.type"), Is.EqualTo(typeof(FluxImagingException).FullName));

        var (count, tags) = Duration();
        Assert.That(count, Is.EqualTo(1));
        Assert.That(tags["error.type"], Is.EqualTo(typeof(FluxImagingException).FullName));
    }

    [Test]
    public async Task Options_set_by_ConfigureOptions_in_front_reach_the_telemetry_and_the_upstream()
    {
        var services = Services(LogLevel.Information);
        services.AddFluxImaging().AddVoodoohop(o => o.Endpoint = _space.BaseAddress)
            .AddImageGenerator()
            .ConfigureOptions(o => o.ModelId ??= "flux-schnell")
            .UseOpenTelemetry(sourceName: SourceName);
        _services = services.BuildServiceProvider();

        await _services.GetRequiredService<IImageGenerator>().GenerateImagesAsync(Prompt);
        _tracing.ForceFlush();

        Assert.That(_spans.Single(s => s.Source.Name == SourceName).GetTagItem("gen_ai.request.model"), Is.EqualTo("flux-schnell"));
        Assert.That(_space.Requests.Count(r => r.Method == "POST"), Is.EqualTo(1));
    }

    private IImageGenerator Generator(LogLevel level)
    {
        var services = Services(level);
        services.AddFluxImaging().AddVoodoohop(o => o.Endpoint = _space.BaseAddress)
            .AddImageGenerator("flux-schnell")
            .UseLogging()
            .UseOpenTelemetry(sourceName: SourceName);
        _services = services.BuildServiceProvider();
        return _services.GetRequiredService<IImageGenerator>();
    }

    private static ServiceCollection Services(LogLevel level)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(level).AddFakeLogging());
        return services;
    }

    private IReadOnlyList<FakeLogRecord> Logs() => _services!.GetFakeLogCollector().GetSnapshot();

    /// <summary>The one point of <c>gen_ai.client.operation.duration</c>: how many durations it holds, and its tags.</summary>
    private (long Count, Dictionary<string, object?> Tags) Duration()
    {
        var metric = _metrics.Single(m => m.Name == "gen_ai.client.operation.duration");
        Assert.That(metric.Unit, Is.EqualTo("s"));
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

        return points.Single();
    }
}
