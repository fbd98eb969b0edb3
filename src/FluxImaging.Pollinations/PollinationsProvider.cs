using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using FluxImaging.Providers;

namespace FluxImaging.Pollinations;

/// <summary>
/// Pollinations' image API: one <c>GET {endpoint}/prompt/{prompt}?…</c> (<c>/image/{prompt}</c> on the gateway) per
/// image, answered with the image bytes once it is made, nothing before. <c>Count</c> images are <c>Count</c>
/// requests one after another with seeds <c>s, s+1, …</c>, because the service queues the requests of one IP and
/// refuses the surplus.
/// </summary>
internal sealed class PollinationsProvider(ImageProviderContext<PollinationsOptions> context) : IImageProvider
{
    public const string ProviderName = "Pollinations";

    public const string DefaultModel = "pollinations-flux";

    /// <summary>Below every other provider of <c>flux</c> (ours use 300, 200 and 100): a free shared service is the last resort.</summary>
    public const int FluxPriority = -100;

    private readonly PollinationsOptions _options = context.Options;
    private readonly PollinationsEndpoint _endpoint = new(context.Options.Endpoint);

    public string Name => context.Name;

    public string Label => $"Pollinations {_options.Model}";

    public ImageProviderModels Models { get; } = new(DefaultModel, aliases: [new ModelAlias("flux", FluxPriority), "pollinations"]);

    public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GenerateCoreAsync(request, cancellationToken);
    }

    private async IAsyncEnumerable<ImageEvent> GenerateCoreAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = Models.Resolve(request.Model);
        var plan = PollinationsRequestPlan.Create(Name, _options, _endpoint, request, request.Seed ?? RandomSeed(request.Count));
        if (plan.Fitted.Shortened)
        {
            Log.PromptShortened(context.Logger, Name, plan.Fitted.TotalScalars, plan.Fitted.KeptScalars, _options.MaxUrlLength);
            yield return new Reasoning(Name, model, $"prompt shortened from {plan.Fitted.TotalScalars} to {plan.Fitted.KeptScalars} characters to fit the URL limit")
            {
                Label = "shortened",
                Level = "warning",
            };
        }

        var images = new List<GeneratedImage>(plan.Count);
        FluxImagingException? stoppedBy = null;
        for (var index = 0; index < plan.Count; index++)
        {
            yield return Progress(model, "Queued at Pollinations", "queued", index, plan.Count);

            var uri = plan.UriOf(index);
            HttpResponseMessage response;
            try
            {
                response = await SendAsync(uri, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (images.Count > 0 && !cancellationToken.IsCancellationRequested)
            {
                stoppedBy = AsFailure(ex);
                break;
            }

            using (response)
            {
                // The service answers only once the image is made: from here on only its bytes are on their way.
                yield return Progress(model, "Generating", "generating", index, plan.Count);
                try
                {
                    images.Add(await ReadImageAsync(response, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception ex) when (images.Count > 0 && !cancellationToken.IsCancellationRequested)
                {
                    stoppedBy = AsFailure(ex);
                    break;
                }
            }
        }

        if (stoppedBy is not null)
        {
            // The first failure before any image is the provider's (the client falls back); a later one ends the run
            // with the images already made, which a caller would not want thrown away.
            Log.LaterImageFailed(context.Logger, Name, images.Count + 1, plan.Count, stoppedBy.Kind, stoppedBy.Message, images.Count);
            yield return new Reasoning(Name, model, $"Image {images.Count + 1} of {plan.Count} failed: {stoppedBy.Message}")
            {
                Label = "failed",
                Level = "warning",
                RawRepresentation = stoppedBy,
            };
        }

        yield return new ImageResponse(Name, model, images)
        {
            AltText = plan.Prompt,
            Seed = plan.FirstSeed,
        };
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, uri);

        // The path is the prompt: the kit names the request by its route in errors and logs, never by the prompt.
        message.Options.Set(UpstreamHttp.Operation, _endpoint.Operation);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("image/*"));
        message.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            // Only ever to the configured endpoint: the kit refuses redirects to another origin before sending anything there.
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        var response = await context.Http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await PollinationsFailures.FromResponseAsync(context.Http, response, _endpoint.Operation, cancellationToken).ConfigureAwait(false);
            }
        }

        return response;
    }

    private Task<GeneratedImage> ReadImageAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        context.Http.ReadImageAsync(response, _endpoint.Operation, cancellationToken);

    private FluxImagingException AsFailure(Exception exception) => exception as FluxImagingException ?? new FluxImagingException(
        FluxImagingErrorKind.UpstreamError,
        $"{_endpoint.Operation} failed: {exception.GetType().Name}: {UpstreamText.Clean(exception.Message)}",
        Name,
        innerException: exception);

    private Reasoning Progress(string model, string status, string label, int index, int count) => count == 1
        ? new Reasoning(Name, model, status) { Label = label }
        : new Reasoning(Name, model, $"{status} (image {index + 1} of {count})")
        {
            Label = label,
            Step = index + 1,
            TotalSteps = count,
            Fraction = (double)index / count,
        };

    /// <summary>A seed in [0, 2^31 − 1] whose <paramref name="count"/> − 1 successors stay in that range too.</summary>
    private static long RandomSeed(int count) => RandomNumberGenerator.GetInt32(0, int.MaxValue - count + 1);
}
