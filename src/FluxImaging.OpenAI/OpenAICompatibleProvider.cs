using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using FluxImaging.Providers;

namespace FluxImaging.OpenAI;

/// <summary>
/// Any OpenAI-compatible <c>POST /v1/images/generations</c>: the request becomes <c>model</c>, <c>prompt</c>,
/// <c>n</c>, <c>size</c>, <c>response_format</c> and the request's extras; URL answers become images by URL, base64
/// answers become bytes; OpenAI error bodies become typed errors.
/// </summary>
internal sealed class OpenAICompatibleProvider(ImageProviderContext<OpenAICompatibleOptions> context) : IImageProvider
{
    private readonly OpenAICompatibleOptions _options = context.Options;

    public const string ProviderName = "OpenAI";

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "model", "prompt", "n", "size", "response_format", "stream" };

    public string Name => context.Name;

    public string Label => $"OpenAI-compatible images ({_options.Endpoint.Host})";

    public ImageProviderModels Models { get; } = new(context.Options.EffectiveModels[0], context.Options.EffectiveModels.Skip(1));

    public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GenerateCoreAsync(request, cancellationToken);
    }

    /// <summary>The request body: the standard fields, the FluxImaging extensions a request sets, then its extras.</summary>
    internal byte[] Body(ImageRequest request, string model)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteString("prompt", request.Prompt);
            writer.WriteNumber("n", request.Count);
            if (request.Width is not null || request.Height is not null || request.AspectRatio is not null)
            {
                writer.WriteString("size", request.ResolveSize(new ImageSize(1024, 1024)).ToString());
            }

            if (_options.ResponseFormat is { } format)
            {
                writer.WriteString("response_format", format);
            }

            // Extensions that gpt4free-style and FluxImaging servers understand; sent only when the caller set them,
            // since OpenAI itself rejects unknown fields.
            if (request.Seed is { } seed)
            {
                writer.WriteNumber("seed", seed);
            }

            if (request.GuidanceScale is { } guidance)
            {
                writer.WriteNumber("guidance_scale", guidance);
            }

            if (request.Steps is { } steps)
            {
                writer.WriteNumber("num_inference_steps", steps);
            }

            if (request.NegativePrompt is { } negative)
            {
                writer.WriteString("negative_prompt", negative);
            }

            foreach (var (key, value) in request.AdditionalProperties.Where(e => !Reserved.Contains(e.Key)))
            {
                writer.WritePropertyName(key);
                ImageRequestJson.WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async IAsyncEnumerable<ImageEvent> GenerateCoreAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = Models.Ids.FirstOrDefault(id => string.Equals(id, request.Model, StringComparison.OrdinalIgnoreCase)) ?? Models.DefaultModel;
        using var message = new HttpRequestMessage(HttpMethod.Post, GenerationsUri())
        {
            Content = new ByteArrayContent(Body(request, model)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        }

        yield return new Reasoning(Name, model, $"Requested {request.Count} image{(request.Count == 1 ? string.Empty : "s")} from {_options.Endpoint.Host}") { Label = "submitted" };

        using var response = await context.Http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw Classify(await context.Http.FailureAsync(response, "POST /v1/images/generations", cancellationToken: cancellationToken).ConfigureAwait(false));
        }

        var body = await context.Http.ReadJsonAsync(
            response,
            OpenAIJsonContext.Default.ImagesResponse,
            "POST /v1/images/generations",
            _options.MaxResponseBytes,
            "MaxResponseBytes",
            cancellationToken).ConfigureAwait(false);

        var entries = body.Data?.Where(d => d is not null && (d.Url is not null || d.Base64Json is not null)).ToList() ?? [];
        if (entries.Count == 0)
        {
            throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The endpoint answered without any image.", Name);
        }

        // Old gpt4free servers listed preview URLs before the final ones: keep the last n.
        if (entries.Count > request.Count)
        {
            entries = entries.Skip(entries.Count - request.Count).ToList();
        }

        var images = entries.Select(ToImage).ToArray();
        yield return new ImageResponse(Name, model, images)
        {
            AltText = entries[0]!.RevisedPrompt ?? request.Prompt,
            Seed = request.Seed,
            RawRepresentation = body,
        };
    }

    private GeneratedImage ToImage(ImageData? data)
    {
        if (data!.Base64Json is { } bytes)
        {
            return new GeneratedImage(bytes, ImageFormats.TrySniff(bytes, out var mediaType, out _) ? mediaType : "image/png");
        }

        return Uri.TryCreate(data.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "data"
            ? context.Http.Image(uri)
            : throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The endpoint returned an image URL that is not absolute.", Name);
    }

    private Uri GenerationsUri()
    {
        var root = _options.Endpoint.AbsoluteUri.TrimEnd('/');
        return new Uri(root.EndsWith("/v1", StringComparison.Ordinal) ? $"{root}/images/generations" : $"{root}/v1/images/generations");
    }

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
