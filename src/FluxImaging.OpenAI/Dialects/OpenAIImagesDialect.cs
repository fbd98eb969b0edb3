using System.Net;
using System.Net.Http.Headers;
using FluxImaging.Providers;

namespace FluxImaging.OpenAI.Dialects;

/// <summary>
/// OpenAI's Images API: one call for all <c>n</c> images, <c>size</c> as <c>WxH</c>, the key as a Bearer, and OpenAI's
/// error bodies (plus gpt4free's 500s for rate limits and quotas, which such servers also return).
/// </summary>
internal sealed class OpenAIImagesDialect(ImageProviderContext<OpenAICompatibleOptions> context) : ImagesDialect
{
    private static readonly ImageSize DefaultSize = new(1024, 1024);

    public override IReadOnlyList<ImagesCall> Calls(ImageRequest request, string model)
    {
        using var body = new ImagesRequestBody();
        body.Write("model", model);
        body.Write("prompt", request.Prompt);
        body.Write("n", request.Count);
        if (request.Width is not null || request.Height is not null || request.AspectRatio is not null)
        {
            body.Write("size", request.ResolveSize(DefaultSize).ToString());
        }

        if (context.Options.ResponseFormat is { } format)
        {
            body.Write("response_format", format);
        }

        // Extensions that gpt4free-style and FluxImaging servers understand; sent only when the caller set them,
        // since OpenAI itself rejects unknown fields.
        if (request.Seed is { } seed)
        {
            body.Write("seed", seed);
        }

        if (request.GuidanceScale is { } guidance)
        {
            body.Write("guidance_scale", guidance);
        }

        if (request.Steps is { } steps)
        {
            body.Write("num_inference_steps", steps);
        }

        if (request.NegativePrompt is { } negative)
        {
            body.Write("negative_prompt", negative);
        }

        return [new ImagesCall(body.Finish(request.AdditionalProperties), request.Count)];
    }

    public override void Authorize(HttpRequestMessage message, string apiKey) =>
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);

    public override async Task<FluxImagingException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        Classify(await context.Http.FailureAsync(response, Operation, cancellationToken: cancellationToken).ConfigureAwait(false));

    /// <summary>Refines a kind from the text: OpenAI's <c>insufficient_quota</c>, and gpt4free's 500s for rate limits and quotas.</summary>
    private static FluxImagingException Classify(FluxImagingException failure)
    {
        var text = failure.Message;
        var kind = failure.Kind;
        if (text.Contains("insufficient_quota", StringComparison.OrdinalIgnoreCase) || text.Contains("exceeded your current quota", StringComparison.OrdinalIgnoreCase) || text.Contains("GPU quota", StringComparison.OrdinalIgnoreCase))
        {
            kind = FluxImagingErrorKind.QuotaExceeded;
        }
        else if (failure.Status == (int)HttpStatusCode.InternalServerError && text.Contains("RateLimitError", StringComparison.Ordinal))
        {
            kind = FluxImagingErrorKind.RateLimited;
        }

        return kind == failure.Kind ? failure : new FluxImagingException(kind, text, failure.Provider, failure.Status, failure.RetryAfter, failure);
    }
}
