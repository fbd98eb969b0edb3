using System.Diagnostics;
using System.Runtime.CompilerServices;
using FluxImaging.Diagnostics;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Client;

/// <summary>
/// One provider's run within a generation: it holds the provider to its deadline, turns anything it throws into a
/// typed error, records a failure that happened before any image (so the client can fall back) and rethrows one that
/// happened after, and owns the attempt's span and metrics. The provider itself calls none of this.
/// </summary>
internal sealed class ProviderAttempt : IAsyncDisposable
{
    private readonly IImageProvider _provider;
    private readonly ImageRequest _request;
    private readonly TimeoutOptions _timeouts;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly long _started;
    private readonly Activity? _activity;
    private readonly GenerationTelemetry _generation;
    private CancellationTokenSource? _deadline;
    private CancellationTokenSource? _linked;
    private IAsyncEnumerator<ImageEvent>? _events;
    private bool _sawImage;
    private bool _sawFinal;
    private string _outcome = "cancelled";

    public ProviderAttempt(IImageProvider provider, ImageRequest request, TimeoutOptions timeouts, TimeProvider timeProvider, ILogger logger, GenerationTelemetry generation)
    {
        _provider = provider;
        _request = request;
        _timeouts = timeouts;
        _timeProvider = timeProvider;
        _logger = logger;
        _generation = generation;
        Model = provider.Models.Resolve(request.Model);
        _started = timeProvider.GetTimestamp();
        _activity = FluxImagingTelemetry.ActivitySource.StartActivity(
            "fluximaging.attempt",
            ActivityKind.Internal,
            generation.Activity?.Context ?? default);
        if (_activity is { IsAllDataRequested: true })
        {
            _activity.SetTag("fluximaging.provider", provider.Name);
            _activity.SetTag("fluximaging.model", Model);
            _activity.SetTag("gen_ai.provider.name", provider.Name);
            _activity.SetTag("gen_ai.request.model", Model);
        }

        Log.GenerationStarting(logger, provider.Name, Model);
        Log.GenerationPrompt(logger, provider.Name, request.Prompt);
    }

    public ImageEvent Current => _events!.Current;

    /// <summary>The model the provider runs (its events may name another).</summary>
    public string Model { get; private set; }

    public FluxImagingException? Failure { get; private set; }

    // Called once per event: the state machine is pooled rather than allocated per event.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
    {
        // Async iterators do not carry Activity.Current from one MoveNextAsync to the next; set it around each step
        // so that the provider's HTTP spans become children of this attempt's span.
        var previous = Activity.Current;
        Activity.Current = _activity ?? previous;
        try
        {
            if (_events is null)
            {
                _deadline = new CancellationTokenSource(_timeouts.Generation, _timeProvider);
                _linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadline.Token);
                _events = _provider.GenerateAsync(_request, _linked.Token).GetAsyncEnumerator(_linked.Token);
            }

            if (await _events.MoveNextAsync().ConfigureAwait(false))
            {
                Observe(_events.Current);
                return true;
            }

            if (!_sawFinal)
            {
                throw new FluxImagingException(
                    FluxImagingErrorKind.ProtocolViolation,
                    "The provider's event stream ended without a final image.",
                    _provider.Name);
            }

            _outcome = "ok";
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var error = ProviderFailures.Translate(ex, _provider.Name, _timeouts, _deadline?.IsCancellationRequested == true);
            _outcome = "error";
            FluxImagingTelemetry.Failures.Add(1, new("fluximaging.provider", _provider.Name), new("fluximaging.error_kind", error.Kind.ToString()));
            _activity?.SetStatus(ActivityStatusCode.Error, error.Message);
            _activity?.SetTag("fluximaging.error_kind", error.Kind.ToString());
            _activity?.SetTag("error.type", error.Kind.ToString());
            if (_sawImage)
            {
                Log.GenerationFailed(_logger, _provider.Name, error.Kind, error.Message);
                _generation.Failed(error);
                if (ReferenceEquals(error, ex))
                {
                    throw;
                }

                throw error;
            }

            Failure = error;
            return false;
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_events is not null)
            {
                await _events.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _linked?.Dispose();
            _deadline?.Dispose();
            var elapsed = _timeProvider.GetElapsedTime(_started);
            var tags = new TagList { { "fluximaging.provider", _provider.Name }, { "fluximaging.model", Model }, { "fluximaging.outcome", _outcome } };
            FluxImagingTelemetry.Generations.Add(1, tags);
            FluxImagingTelemetry.Duration.Record(elapsed.TotalSeconds, tags);
            if (_outcome == "ok")
            {
                Log.GenerationCompleted(_logger, _provider.Name, elapsed);
            }

            _activity?.SetTag("fluximaging.outcome", _outcome);
            _activity?.Dispose();
        }
    }

    private void Observe(ImageEvent imageEvent)
    {
        Model = imageEvent.Model;
        switch (imageEvent)
        {
            case ImagePreview when !_sawImage:
                _sawImage = true;
                FluxImagingTelemetry.TimeToFirstPreview.Record(
                    _timeProvider.GetElapsedTime(_started).TotalSeconds,
                    new KeyValuePair<string, object?>("fluximaging.provider", _provider.Name));
                _activity?.AddEvent(new ActivityEvent("first_preview"));
                break;
            case ImageResponse:
                _sawImage = true;
                _sawFinal = true;
                break;
        }
    }
}
