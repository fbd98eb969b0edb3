using System.Runtime.CompilerServices;
using FluxImaging.Client;
using FluxImaging.Diagnostics;
using FluxImaging.Providers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FluxImaging;

/// <summary>
/// The front door: resolves a model or alias to the providers that serve it and streams one generation, falling back to
/// the next provider only while the failing one has produced no image yet. Every provider, ours or not, runs under the
/// same rules: its generation deadline, its failures turned into <see cref="FluxImagingException"/>s, one span per
/// generation with a child per provider attempt. Immutable and thread-safe; register it as a singleton
/// (<c>AddFluxImaging()</c> does).
/// </summary>
public sealed class FluxImagingClient
{
    private readonly ModelRouter _router;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly TimeoutOptions _sharedTimeouts;

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
        var shared = options?.Value ?? new FluxImagingOptions();
        _router = new ModelRouter(Providers, shared);
        _sharedTimeouts = shared.Timeouts;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Each registered provider's own time limits (from dependency injection); the shared ones for the others.</summary>
    internal IReadOnlyDictionary<string, TimeoutOptions>? ProviderTimeouts { get; init; }

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
        var providers = ThatTake(request, _router.Resolve(request.Model, request.Provider));
        var model = request.Model ?? (string.IsNullOrWhiteSpace(request.Provider) ? _router.DefaultModel : null);
        var routed = model == request.Model ? request : request with { Model = model };
        var requestedModel = model ?? providers[0].Models.DefaultModel;
        var errors = new List<FluxImagingException>();

        using var generation = new GenerationTelemetry(requestedModel, _timeProvider);
        foreach (var provider in providers)
        {
            var attempt = new ProviderAttempt(provider, routed, TimeoutsOf(provider), _timeProvider, _logger, generation);
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
                generation.Succeeded(provider.Name, attempt.Model);
                yield break;
            }

            errors.Add(attempt.Failure);
            if (!ReferenceEquals(provider, providers[^1]))
            {
                Log.ProviderFailedFallingBack(_logger, provider.Name, attempt.Failure.Kind, attempt.Failure.Message);
            }
        }

        var failure = FluxImagingException.Aggregate(requestedModel, errors);
        generation.Failed(failure);
        throw failure;
    }

    // Input images decide which providers can serve at all; when none can, the request is invalid as asked.
    private static IReadOnlyList<IImageProvider> ThatTake(ImageRequest request, IReadOnlyList<IImageProvider> providers)
    {
        if (request.InputImages.Count == 0 && request.Mask is null && providers.All(p => p.Models.ImageInput != ImageInputSupport.Required))
        {
            return providers;
        }

        var able = providers.Where(p => p.Models.RefusalOf(request) is null).ToArray();
        if (able.Length > 0)
        {
            return able;
        }

        var first = providers[0];
        throw new FluxImagingException(
            FluxImagingErrorKind.InvalidRequest,
            $"The model '{UpstreamText.Echo(request.Model ?? first.Models.DefaultModel)}' {first.Models.RefusalOf(request)}{(providers.Count > 1 ? " (nor does any other provider that serves it)" : string.Empty)}.",
            providers.Count == 1 ? first.Name : null);
    }

    private TimeoutOptions TimeoutsOf(IImageProvider provider) =>
        ProviderTimeouts is { } timeouts && timeouts.TryGetValue(provider.Name, out var own) ? own : _sharedTimeouts;
}
