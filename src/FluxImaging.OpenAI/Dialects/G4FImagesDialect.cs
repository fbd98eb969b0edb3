using FluxImaging.Providers;
using Microsoft.Extensions.Logging;

namespace FluxImaging.OpenAI.Dialects;

/// <summary>
/// A gpt4free server (<c>openai-images.md</c> §A, §F): <c>ImageGenerationConfig</c>'s field names with integers where
/// pydantic wants them, one call per image because <c>n</c> is ignored, the key in <c>g4f-api-key</c> (a Bearer would
/// become the credential of gpt4free's own upstreams), and its <c>&lt;Class&gt;: &lt;text&gt;</c> errors read by text.
/// </summary>
internal sealed partial class G4FImagesDialect(ImageProviderContext<OpenAICompatibleOptions> context) : ImagesDialect
{
    public const string ApiKeyHeader = "g4f-api-key";

    public override IReadOnlyList<ImagesCall> Calls(ImageRequest request, string model)
    {
        // guidance_scale is Optional[int] there: 3.5 would be a 422, so a fractional value is left out (once per request).
        long? guidance = null;
        if (request.GuidanceScale is { } scale)
        {
            if (double.IsInteger(scale) && scale <= int.MaxValue)
            {
                guidance = (long)scale;
            }
            else
            {
                GuidanceLeftOut(context.Logger, context.Name, scale);
            }
        }

        var calls = new ImagesCall[request.Count];
        for (var i = 0; i < calls.Length; i++)
        {
            // The same seed in every call would give the same picture Count times.
            calls[i] = new ImagesCall(Body(request, model, request.Seed + i, guidance), 1);
        }

        return calls;
    }

    public override void Authorize(HttpRequestMessage message, string apiKey) =>
        message.Headers.TryAddWithoutValidation(ApiKeyHeader, apiKey);

    public override async Task<FluxImagingException> FailureAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == System.Net.HttpStatusCode.UnprocessableEntity)
        {
            return await G4FValidationErrors.ReadAsync(response, context.Name, Operation, cancellationToken).ConfigureAwait(false);
        }

        return G4FErrors.Classify(await context.Http.FailureAsync(response, Operation, cancellationToken: cancellationToken).ConfigureAwait(false));
    }

    private byte[] Body(ImageRequest request, string model, long? seed, long? guidance)
    {
        using var body = new ImagesRequestBody();
        body.Write("model", model);
        body.Write("prompt", request.Prompt);
        body.Write("n", 1);

        // Only what the request says: gpt4free fills a missing dimension from aspect_ratio with the same table as ours.
        if (request.Width is { } width)
        {
            body.Write("width", width);
        }

        if (request.Height is { } height)
        {
            body.Write("height", height);
        }

        if (request.AspectRatio is { } ratio)
        {
            body.Write("aspect_ratio", ratio);
        }

        if (context.Options.ResponseFormat is { } format)
        {
            body.Write("response_format", format);
        }

        if (seed is { } s)
        {
            body.Write("seed", s);
        }

        if (guidance is { } g)
        {
            body.Write("guidance_scale", g);
        }

        if (request.Steps is { } steps)
        {
            body.Write("num_inference_steps", steps);
        }

        if (request.NegativePrompt is { } negative)
        {
            body.Write("negative_prompt", negative);
        }

        return body.Finish(request.AdditionalProperties);
    }

    [LoggerMessage(401, LogLevel.Information, "{Provider}: guidance scale {GuidanceScale} left out, since gpt4free takes only whole numbers; the upstream's default applies.")]
    private static partial void GuidanceLeftOut(ILogger logger, string provider, double guidanceScale);
}
