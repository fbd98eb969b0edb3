using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using FluxImaging.OpenAI.Dialects;
using FluxImaging.Providers;

namespace FluxImaging.OpenAI;

/// <summary>
/// Any OpenAI-compatible <c>POST /v1/images/generations</c>, spoken in its <see cref="OpenAIDialect"/>: the request
/// becomes one call (OpenAI: <c>n</c> images) or one call per image (gpt4free); URL answers become images by URL,
/// base64 answers become bytes; error bodies become typed errors.
/// </summary>
internal sealed class OpenAICompatibleProvider : IImageProvider
{
    public const string ProviderName = "OpenAI";

    private readonly ImageProviderContext<OpenAICompatibleOptions> _context;
    private readonly OpenAICompatibleOptions _options;
    private readonly ImagesDialect _dialect;
    private readonly Uri _generations;

    public OpenAICompatibleProvider(ImageProviderContext<OpenAICompatibleOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _options = context.Options;
        _dialect = ImagesDialect.For(context);
        _generations = GenerationsUri(_options.Endpoint);
        var models = _options.EffectiveModels;
        Models = new ImageProviderModels(models[0], models.Skip(1), _options.Aliases.Select(a => new ModelAlias(a.Key, a.Value)));
    }

    public string Name => _context.Name;

    public string Label => _options.Dialect == OpenAIDialect.G4F
        ? $"gpt4free images ({_options.Endpoint.Host})"
        : $"OpenAI-compatible images ({_options.Endpoint.Host})";

    public ImageProviderModels Models { get; }

    public IAsyncEnumerable<ImageEvent> GenerateAsync(ImageRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return GenerateCoreAsync(request, cancellationToken);
    }

    private async IAsyncEnumerable<ImageEvent> GenerateCoreAsync(ImageRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var model = Models.Resolve(request.Model);
        var calls = _dialect.Calls(request, model);
        var images = new List<GeneratedImage>(request.Count);
        var answers = new List<ImagesResponse>(calls.Count);
        string? altText = null;
        for (var i = 0; i < calls.Count; i++)
        {
            yield return new Reasoning(Name, model, Submitted(calls, i)) { Label = "submitted" };

            var answer = await SendAsync(calls[i], cancellationToken).ConfigureAwait(false);
            var entries = answer.Data?.Where(d => d is not null && (d.Url is not null || d.Base64Json is not null)).ToList() ?? [];
            if (entries.Count == 0)
            {
                throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The endpoint answered without any image.", Name);
            }

            // Old gpt4free servers listed preview URLs before the final ones: keep the last ones asked for.
            images.AddRange(entries.Skip(Math.Max(0, entries.Count - calls[i].Images)).Select(ToImage));
            altText ??= entries[^1]!.RevisedPrompt;
            answers.Add(answer);
        }

        yield return new ImageResponse(Name, model, images)
        {
            AltText = altText ?? request.Prompt,
            Seed = request.Seed,
            RawRepresentation = answers.Count == 1 ? answers[0] : answers,
        };
    }

    private string Submitted(IReadOnlyList<ImagesCall> calls, int index) => calls.Count == 1
        ? $"Requested {calls[0].Images} image{(calls[0].Images == 1 ? string.Empty : "s")} from {_options.Endpoint.Host}"
        : $"Requested image {index + 1} of {calls.Count} from {_options.Endpoint.Host}";

    private async Task<ImagesResponse> SendAsync(ImagesCall call, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, _generations)
        {
            Content = new ByteArrayContent(call.Body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(_options.ApiKey))
        {
            _dialect.Authorize(message, _options.ApiKey);
        }

        using var response = await _context.Http.SendAsync(message, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await _dialect.FailureAsync(response, cancellationToken).ConfigureAwait(false);
        }

        return await _context.Http.ReadJsonAsync(
            response,
            OpenAIJsonContext.Default.ImagesResponse,
            ImagesDialect.Operation,
            _options.MaxResponseBytes,
            "MaxResponseBytes",
            cancellationToken).ConfigureAwait(false);
    }

    private GeneratedImage ToImage(ImageData? data)
    {
        if (data!.Base64Json is { } bytes)
        {
            return new GeneratedImage(bytes, ImageFormats.TrySniff(bytes, out var mediaType, out _) ? mediaType : "image/png");
        }

        return Uri.TryCreate(data.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "data"
            ? _context.Http.Image(uri)
            : throw new FluxImagingException(FluxImagingErrorKind.ProtocolViolation, "The endpoint returned an image URL that is not absolute.", Name);
    }

    private static Uri GenerationsUri(Uri endpoint)
    {
        var root = endpoint.AbsoluteUri.TrimEnd('/');
        return new Uri(root.EndsWith("/v1", StringComparison.Ordinal) ? $"{root}/images/generations" : $"{root}/v1/images/generations");
    }
}
