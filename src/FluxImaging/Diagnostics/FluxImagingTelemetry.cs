using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FluxImaging.Diagnostics;

/// <summary>
/// The <see cref="ActivitySource"/> and <see cref="Meter"/> named <c>FluxImaging</c>: one span per generation covering
/// its whole stream, and counters and histograms for generations, failures by kind, duration and time to first preview.
/// </summary>
internal static class FluxImagingTelemetry
{
    public const string Name = "FluxImaging";

    private static readonly string? Version = typeof(FluxImagingTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    private static readonly Meter Meter = new(Name, Version);

    public static readonly Counter<long> Generations = Meter.CreateCounter<long>(
        "fluximaging.generations", "{generation}", "Generations finished, by provider, model and outcome (ok, error, cancelled).");

    public static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "fluximaging.generation.failures", "{failure}", "Provider failures, by provider and error kind (fallbacks included).");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "fluximaging.generation.duration", "s", "Time from the first request to the end of the event stream.");

    public static readonly Histogram<double> TimeToFirstPreview = Meter.CreateHistogram<double>(
        "fluximaging.generation.time_to_first_preview", "s", "Time from the first request to the first preview image.");
}
