using System.Buffers;
using System.Text.Json;
using FluxImaging.Server.Media;
using FluxImaging.Server.Safety;

namespace FluxImaging.Server.Api;

/// <summary>One request's generation: runs until <c>n</c> final images exist, then shapes them as asked.</summary>
internal sealed partial class Generation(
    FluxImagingClient client,
    GuardedDownloader downloader,
    MediaStore media,
    ServerOptions options,
    EchoLimits echo,
    GenerationRequest request,
    ImageStreamEvents events,
    string baseUrl,
    ILogger logger)
{
    /// <summary>The plain answer: every image, or the failure in OpenAI's shape.</summary>
    public async Task<IResult> AnswerAsync(HttpContext context)
    {
        try
        {
            var (items, provider, model) = await RunAsync(context.RequestAborted);
            return TypedResults.Json(new ImagesBody(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), items, echo.OptionalValue(model), echo.OptionalValue(provider)), ServerJsonContext.Default.ImagesBody);
        }
        catch (Exception ex) when (ex is FluxImagingException or DownloadRefusedException)
        {
            var (error, provider) = Failure(ex)!.Value;
            return error.ToResult(context, echo.OptionalValue(request.Request.Model), provider);
        }
    }

    /// <summary>
    /// The streamed answer (<c>stream: true</c>): previews as <c>image_generation.partial_image</c> (<c>image_edit.…</c>
    /// for edits), each final image as <c>image_generation.completed</c>, progress as SSE comments, and — whatever goes wrong, of whatever type — an
    /// <c>event: error</c> with an OpenAI-shaped body, since the status line has long been sent.
    /// </summary>
    public async Task StreamAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.StartAsync(context.RequestAborted);
        try
        {
            await StreamEventsAsync(response, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; the generation was cancelled with it.
        }
        catch (Exception ex)
        {
            var failure = Failure(ex) ?? Unexpected(ex);
            var error = failure.Error.Body(echo.OptionalValue(request.Request.Model), failure.Provider);
            try
            {
                await WriteAsync(response, $"event: error\ndata: {JsonSerializer.Serialize(error, ServerJsonContext.Default.ErrorBody)}\n\n", context.RequestAborted);
            }
            catch (Exception) when (context.RequestAborted.IsCancellationRequested)
            {
                // Nobody is listening any more.
            }
        }
    }

    private async Task<(List<ImageItem> Items, string? Provider, string? Model)> RunAsync(CancellationToken cancellationToken)
    {
        var items = new List<ImageItem>(request.Count);
        string? provider = null;
        while (items.Count < request.Count)
        {
            var remaining = request.Count - items.Count;
            var response = await client.GenerateImageAsync(request.Request with { Count = remaining }, cancellationToken);
            provider = response.Provider;
            foreach (var image in response.Images.Take(remaining))
            {
                items.Add(await ShapeAsync(image, cancellationToken));
            }
        }

        return (items, provider, request.Request.Model ?? client.DefaultModel);
    }

    private async Task StreamEventsAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        var partialBudget = request.PartialImages ?? options.DefaultPartialImages;
        var partialIndex = 0;
        var completed = 0;
        while (completed < request.Count)
        {
            var remaining = request.Count - completed;
            await foreach (var imageEvent in client.GenerateAsync(request.Request with { Count = remaining }, cancellationToken))
            {
                switch (imageEvent)
                {
                    case Reasoning reasoning:
                        // Progress travels as SSE comments: shown by raw readers, skipped by SDK parsers. The upstream's
                        // words are escaped, so they can neither end the comment nor start an event.
                        await WriteAsync(response, $": {echo.Value(reasoning.Provider)}: {echo.Message(reasoning.Status)}\n\n", cancellationToken);
                        break;
                    case ImagePreview preview when partialIndex < partialBudget:
                        var (previewBytes, _, previewExtension) = await downloader.FetchAsync(preview.Images[0], cancellationToken);
                        await WriteEventAsync(response, events.PartialImage, Event(events.PartialImage, previewBytes, previewExtension, partialIndex++, usage: null), cancellationToken);
                        break;
                    case ImageResponse final:
                        foreach (var image in final.Images.Take(request.Count - completed))
                        {
                            var (bytes, _, extension) = await downloader.FetchAsync(image, cancellationToken);
                            await WriteEventAsync(response, events.Completed, Event(events.Completed, bytes, extension, null, new StreamUsage(0, 0, 0, new StreamUsageDetails(0, 0))), cancellationToken);
                            completed++;
                        }

                        break;
                }
            }
        }
    }

    /// <summary>What an expected failure (the library's, a refused download) becomes, logged once; null for anything else.</summary>
    private (ApiError Error, string? Provider)? Failure(Exception exception)
    {
        switch (exception)
        {
            case FluxImagingException ex:
                var message = echo.Message(ex.Message, request.Request.Model, request.Request.Provider);
                var provider = echo.OptionalValue(ex.Provider);
                LogFailed(logger, provider ?? "-", ex.Kind, message);
                return (ApiError.From(ex, message), provider);
            case DownloadRefusedException refused:
                return (ApiError.From(refused), null);
            default:
                return null;
        }
    }

    private (ApiError Error, string? Provider) Unexpected(Exception exception)
    {
        LogUnexpected(logger, exception);
        return (ApiError.Unexpected(), null);
    }

    private StreamImageEvent Event(string type, byte[] bytes, string extension, int? partialIndex, StreamUsage? usage) =>
        new(type, Convert.ToBase64String(bytes), DateTimeOffset.UtcNow.ToUnixTimeSeconds(), request.Size, "auto", "auto", extension.TrimStart('.').Replace("jpg", "jpeg", StringComparison.Ordinal), partialIndex, usage);

    // Compact JSON has no line breaks, so one data line carries the whole event.
    private static async Task WriteEventAsync(HttpResponse response, string name, StreamImageEvent payload, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(payload.Base64Json.Length + 512);
        buffer.Write(System.Text.Encoding.UTF8.GetBytes($"event: {name}\ndata: "));
        using (var json = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(json, payload, ServerJsonContext.Default.StreamImageEvent);
        }

        buffer.Write("\n\n"u8);
        await response.Body.WriteAsync(buffer.WrittenMemory, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// <c>null</c>: cached here and served from <c>/media</c> (absolute URL); <c>url</c>: the upstream URL as is
    /// (bytes-only images are cached, there being no upstream URL); <c>b64_json</c>: the bytes, base64.
    /// </summary>
    private async Task<ImageItem> ShapeAsync(GeneratedImage image, CancellationToken cancellationToken)
    {
        var prompt = request.Request.Prompt;
        if (request.ResponseFormat == "url" || (request.ResponseFormat is null && !request.DownloadMedia))
        {
            if (image.Uri is { Scheme: "http" or "https" } upstream)
            {
                return new ImageItem(upstream.AbsoluteUri, null, prompt);
            }
        }

        var (bytes, _, extension) = await downloader.FetchAsync(image, cancellationToken);
        if (request.ResponseFormat == "b64_json")
        {
            return new ImageItem(null, Convert.ToBase64String(bytes), prompt);
        }

        var name = await media.SaveAsync(bytes, extension, prompt, image.Uri?.AbsoluteUri, cancellationToken);
        return new ImageItem($"{baseUrl}/media/{name}", null, prompt);
    }

    [LoggerMessage(301, LogLevel.Warning, "Image generation failed at {Provider} ({Kind}): {Message}")]
    private static partial void LogFailed(ILogger logger, string provider, FluxImagingErrorKind kind, string message);

    [LoggerMessage(302, LogLevel.Error, "A streamed image generation failed unexpectedly.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}
