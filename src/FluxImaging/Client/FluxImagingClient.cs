using System.Diagnostics;
using System.Runtime.CompilerServices;
using FluxImaging.Client;
using FluxImaging.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FluxImaging;

/// <summary>
/// The front door: resolves a model or alias to the providers that serve it and streams one generation, falling back to
/// the next provider only while the failing one has produced no image yet. Immutable and thread-safe; register it as a
/// singleton (<c>AddFluxImaging()</c> does).
/// </summary>
public sealed class FluxImagingClient
{
    private readonly ModelRouter _router;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a client over the given providers.</summary>
    /// <param name="providers">The providers, in registration order.</param>
    /// <param name="options">Shared options (default model, routing); defaults when null.</param>
    /// <param name="logger">A logger; none when null.</param>
    /// <param name="timeProvider">The clock for metrics; the system clock when null.</param>
    public FluxImagingClient(
        IEnumerable<IImageProvider> providers,
        IOptions<FluxImagingOptions>? options = null,
        ILogger<FluxImagingClient>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        Providers = providers.ToArray();
        _router = new ModelRouter(Providers, options?.Value ?? new FluxImagingOptions());
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The registered providers, in registration order.</summary>
    public IReadOnlyList<IImageProvider> Providers { get; }

    /// <summary>Every model id and alias, with the providers that serve it in routing order.</summary>
    public IReadOnlyList<ImageModelRoute> Models => _router.Routes;

    /// <summary>The model used when a request names none.</summary>
    public string DefaultModel => _router.DefaultModel;

    /// <summary>The providers a request would try, in order.</summary>
    /// <param name="model">A model id or alias; null for the default model.</param>
    /// <param name="provider">An optional pin: one provider name, or several separated by spaces or commas.</param>
    /// <returns>The providers to try, in order.</returns>
    /// <exception cref="FluxImagingException">No provider serves the model (kind <see cref="FluxImagingErrorKind.NotFound"/>).</exception>
    public IReadOnlyList<IImageProvider> ResolveProviders(string? model, string? provider = null) => _router.Resolve(model, provider);

    /// <summary>
    /// Streams one generation: status and progress, previews, and one final <see cref="ImageResponse"/>. Lazy: nothing is
    /// sent before the first <c>MoveNextAsync</c>.
    /// </summary>
    /// <param name="request">What to generate.</param>
    /// <param name="cancellationToken">Cancels the generation and the upstream job where the protocol allows.</param>
    /// <returns>The events, ending with exactly one <see cref="ImageResponse"/>.</returns>
    /// <exception cref="FluxImagingException">Thrown while enumerating when the generation fails; when several providers were tried, <see cref="FluxImagingException.ProviderErrors"/> holds each one's error.</exception>
    public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GenerateCoreAsync(request, cancellationToken);
    }

    /// <summary>Generates and returns the final images, ignoring progress and previews.</summary>
    /// <param name="request">What to generate.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>The final event.</returns>
    public async Task<ImageResponse> GenerateImageAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        ImageResponse? final = null;
        await foreach (var imageEvent in GenerateAsync(request, cancellationToken).ConfigureAwait(false))
        {
            if (imageEvent is ImageResponse response)
            {
                final = response;
            }
        }

        // GenerateCoreAsync never ends normally without a final image.
        return final!;
    }

    /// <summary>Generates an image for a prompt with a model or alias and returns the final images.</summary>
    /// <param name="prompt">What the image should show.</param>
    /// <param name="model">A model id or alias; null for the default model.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>The final event.</returns>
    public Task<ImageResponse> GenerateImageAsync(string prompt, string? model = null, CancellationToken cancellationToken = default) =>
        GenerateImageAsync(new ImageRequest(prompt) { Model = model }, cancellationToken);

    private async IAsyncEnumerable<ImageEvent> GenerateCoreAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var providers = _router.Resolve(request.Model, request.Provider);
        var model = request.Model ?? (string.IsNullOrWhiteSpace(request.Provider) ? _router.DefaultModel : null);
        var routed = model == request.Model ? request : request with { Model = model };
        var errors = new List<FluxImagingException>();

        foreach (var provider in providers)
        {
            var attempt = new ProviderAttempt(provider, routed, _timeProvider, _logger);
            try
            {
                while (await attempt.MoveNextAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return attempt.Current;
                }
            }
            finally
            {
                await attempt.DisposeAsync().ConfigureAwait(false);
            }

            if (attempt.Failure is null)
            {
                yield break;
            }

            errors.Add(attempt.Failure);
            if (!ReferenceEquals(provider, providers[^1]))
            {
                Log.ProviderFailedFallingBack(_logger, provider.Name, attempt.Failure.Kind, attempt.Failure.Message);
            }
        }

        throw FluxImagingException.Aggregate(model ?? providers[0].Models.DefaultModel, errors);
    }

    /// <summary>
    /// One provider's run: owns its span and metrics, records a failure that happened before any image (so the client can
    /// fall back), and rethrows one that happened after.
    /// </summary>
    private sealed class ProviderAttempt : IAsyncDisposable
    {
        private readonly IImageProvider _provider;
        private readonly ImageRequest _request;
        private readonly TimeProvider _timeProvider;
        private readonly ILogger _logger;
        private readonly long _started;
        private readonly Activity? _activity;
        private IAsyncEnumerator<ImageEvent>? _events;
        private bool _sawImage;
        private bool _sawFinal;
        private string _outcome = "cancelled";
        private string _model;

        public ProviderAttempt(IImageProvider provider, ImageRequest request, TimeProvider timeProvider, ILogger logger)
        {
            _provider = provider;
            _request = request;
            _timeProvider = timeProvider;
            _logger = logger;
            _model = provider.Models.Resolve(request.Model);
            _started = timeProvider.GetTimestamp();
            _activity = FluxImagingTelemetry.ActivitySource.StartActivity("fluximaging.generate", ActivityKind.Client);
            _activity?.SetTag("fluximaging.provider", provider.Name);
            _activity?.SetTag("fluximaging.model", _model);
            Log.GenerationStarting(logger, provider.Name, _model);
            Log.GenerationPrompt(logger, provider.Name, request.Prompt);
        }

        public ImageEvent Current => _events!.Current;

        public FluxImagingException? Failure { get; private set; }

        public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken)
        {
            // Async iterators do not carry Activity.Current from one MoveNextAsync to the next; set it around each step
            // so that the provider's HTTP spans become children of this generation's span.
            var previous = Activity.Current;
            Activity.Current = _activity ?? previous;
            try
            {
                _events ??= _provider.GenerateAsync(_request, cancellationToken).GetAsyncEnumerator(cancellationToken);
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
            catch (FluxImagingException ex)
            {
                _outcome = "error";
                FluxImagingTelemetry.Failures.Add(1, new("fluximaging.provider", _provider.Name), new("fluximaging.error_kind", ex.Kind.ToString()));
                _activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                _activity?.SetTag("fluximaging.error_kind", ex.Kind.ToString());
                if (_sawImage)
                {
                    Log.GenerationFailed(_logger, _provider.Name, ex.Kind, ex.Message);
                    throw;
                }

                Failure = ex.Provider is null ? new FluxImagingException(ex.Kind, ex.Message, _provider.Name, ex.Status, ex.RetryAfter, ex) : ex;
                return false;
            }
            finally
            {
                Activity.Current = previous;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_events is not null)
            {
                await _events.DisposeAsync().ConfigureAwait(false);
            }

            var elapsed = _timeProvider.GetElapsedTime(_started);
            var tags = new TagList { { "fluximaging.provider", _provider.Name }, { "fluximaging.model", _model }, { "fluximaging.outcome", _outcome } };
            FluxImagingTelemetry.Generations.Add(1, tags);
            FluxImagingTelemetry.Duration.Record(elapsed.TotalSeconds, tags);
            if (_outcome == "ok")
            {
                Log.GenerationCompleted(_logger, _provider.Name, elapsed);
            }

            _activity?.SetTag("fluximaging.outcome", _outcome);
            _activity?.Dispose();
        }

        private void Observe(ImageEvent imageEvent)
        {
            _model = imageEvent.Model;
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
}
