using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FluxImaging.Diagnostics;

/// <summary>
/// The <see cref="ActivitySource"/> and <see cref="Meter"/> named <c>FluxImaging</c>. Spans and the operation duration
/// follow the OpenTelemetry semantic conventions for generative AI (<c>generate_content</c>, <c>gen_ai.*</c>) next to
/// our own names (<c>fluximaging.*</c>): one span per generation with a child per provider attempt, counters and
/// histograms for generations, failures by kind, duration and time to first preview.
/// </summary>
internal static class FluxImagingTelemetry
{
    public const string Name = "FluxImaging";

    /// <summary>The GenAI operation of an image generation, as Microsoft.Extensions.AI names it.</summary>
    public const string Operation = "generate_content";

    private static readonly string? Version = typeof(FluxImagingTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    private static readonly Meter Meter = new(Name, Version);

    public static readonly Counter<long> Generations = Meter.CreateCounter<long>(
        "fluximaging.generations", "{generation}", "Provider attempts finished, by provider, model and outcome (ok, error, cancelled).");

    public static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "fluximaging.generation.failures", "{failure}", "Provider failures, by provider and error kind (fallbacks included).");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "fluximaging.generation.duration", "s", "Time from a provider attempt's first request to the end of its event stream.");

    public static readonly Histogram<double> TimeToFirstPreview = Meter.CreateHistogram<double>(
        "fluximaging.generation.time_to_first_preview", "s", "Time from the first request to the first preview image.");

    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "gen_ai.client.operation.duration",
        "s",
        "GenAI operation duration: one whole generation, fallbacks included.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });
}
