using System.Diagnostics;

namespace FluxImaging.Diagnostics;

/// <summary>
/// The span and the GenAI duration of one whole generation (<c>generate_content {model}</c>), from the first provider
/// tried to the last event, whatever the fallbacks: the parent of every provider attempt's span.
/// </summary>
internal sealed class GenerationTelemetry : IDisposable
{
    private readonly string _model;
    private readonly TimeProvider _timeProvider;
    private readonly long _started;
    private string? _provider;
    private string? _errorType;

    public GenerationTelemetry(string model, TimeProvider timeProvider)
    {
        _model = model;
        _timeProvider = timeProvider;
        _started = timeProvider.GetTimestamp();
        Activity = FluxImagingTelemetry.ActivitySource.StartActivity($"{FluxImagingTelemetry.Operation} {model}", ActivityKind.Client);
        if (Activity is { IsAllDataRequested: true })
        {
            Activity.SetTag("gen_ai.operation.name", FluxImagingTelemetry.Operation);
            Activity.SetTag("gen_ai.request.model", model);
            Activity.SetTag("gen_ai.output.type", "image");
        }
    }

    /// <summary>The generation's span, or null when nobody listens.</summary>
    public Activity? Activity { get; }

    public void Succeeded(string provider, string model)
    {
        _provider = provider;
        Activity?.SetTag("gen_ai.provider.name", provider);
        Activity?.SetTag("gen_ai.response.model", model);
    }

    public void Failed(FluxImagingException error)
    {
        _provider = error.Provider;
        _errorType = error.Kind.ToString();
        Activity?.SetTag("gen_ai.provider.name", error.Provider);
        Activity?.SetTag("error.type", _errorType);
        Activity?.SetStatus(ActivityStatusCode.Error, error.Message);
    }

    public void Dispose()
    {
        if (FluxImagingTelemetry.OperationDuration.Enabled)
        {
            var tags = new TagList
            {
                { "gen_ai.operation.name", FluxImagingTelemetry.Operation },
                { "gen_ai.request.model", _model },
                { "gen_ai.provider.name", _provider },
            };
            if (_errorType is not null)
            {
                tags.Add("error.type", _errorType);
            }

            FluxImagingTelemetry.OperationDuration.Record(_timeProvider.GetElapsedTime(_started).TotalSeconds, tags);
        }

        Activity?.Dispose();
    }
}
