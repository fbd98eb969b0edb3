using System.Buffers;
using System.Text.Json;
using FluxImaging.Server.Media;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FluxImaging.Server.Api;

/// <summary>The OpenAI-compatible routes: image generation (plain and streamed), media, models, health.</summary>
internal static partial class ImagesEndpoints
{
    public static void Map(IEndpointRouteBuilder routes)
    {
        foreach (var path in (string[])["/v1/images/generations", "/v1/images/generate", "/v1/media/generate"])
        {
            routes.MapPost(path, (Delegate)((HttpContext context) => GenerateAsync(context, pathProvider: null)));
        }

        routes.MapPost("/api/{provider}/images/generations", (HttpContext context, string provider) => GenerateAsync(context, provider));
        routes.MapGet("/media/{name}", MediaAsync);
        routes.MapGet("/images/{name}", MediaAsync);
        routes.MapGet("/v1/models", (FluxImagingClient client) => TypedResults.Json(
            new ModelList("list", [.. client.Models.Select(m => new ModelItem(m.Model, "model", 0, string.Join(",", m.Providers)))]),
            ServerJsonContext.Default.ModelList));
        routes.MapGet("/health", (FluxImagingClient client) => TypedResults.Json(new HealthBody("ok", [.. client.Providers.Select(p => p.Name)]), ServerJsonContext.Default.HealthBody));
    }

    private static async Task<IResult> GenerateAsync(HttpContext context, string? pathProvider)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (!Authorized(context.Request, options))
        {
            return new ApiError(401, "A valid API key is required (Authorization: Bearer <key> or g4f-api-key).", "invalid_request_error", "invalid_api_key").ToResult(context);
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var (parsed, invalid) = GenerationRequest.Parse(body.GetBuffer().AsSpan(0, (int)body.Length), pathProvider, options.MaxImages);
        if (invalid is not null)
        {
            return invalid.ToResult(context);
        }

        var client = services.GetRequiredService<FluxImagingClient>();
        var generation = new Generation(client, services.GetRequiredService<GuardedDownloader>(), services.GetRequiredService<MediaStore>(), options, parsed!, BaseUrl(context.Request, options));
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("FluxImaging.Server");
        if (parsed!.Stream)
        {
            await generation.StreamAsync(context, logger);
            return Results.Empty;
        }

        try
        {
            var (items, provider, model) = await generation.RunAsync(context.RequestAborted);
            return TypedResults.Json(new ImagesBody(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), items, model, provider), ServerJsonContext.Default.ImagesBody);
        }
        catch (FluxImagingException ex)
        {
            LogFailed(logger, ex.Provider ?? "-", ex.Kind, ex.Message);
            return ApiError.From(ex).ToResult(context, parsed.Request.Model, ex.Provider);
        }
    }

    private static IResult MediaAsync(HttpContext context, string name, MediaStore store)
    {
        var file = store.Find(name);
        if (file is null)
        {
            return new ApiError(404, "File not found", "invalid_request_error", "not_found").ToResult(context);
        }

        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..32]}\"");
        return Results.File(file.FullName, MediaStore.ContentType(name), lastModified: file.LastWriteTimeUtc, entityTag: etag, enableRangeProcessing: true);
    }

    private static bool Authorized(HttpRequest request, ServerOptions options)
    {
        if (string.IsNullOrEmpty(options.ApiKey))
        {
            return true;
        }

        var bearer = request.Headers.Authorization.ToString();
        var presented = bearer.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? bearer[7..].Trim() : request.Headers["g4f-api-key"].ToString();
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(presented),
            System.Text.Encoding.UTF8.GetBytes(options.ApiKey));
    }

    /// <summary>The public base URL: configured, else what a reverse proxy says (X-Forwarded-Proto/Host), else the request's own.</summary>
    private static string BaseUrl(HttpRequest request, ServerOptions options)
    {
        if (options.PublicBaseUrl is { } configured)
        {
            return configured.AbsoluteUri.TrimEnd('/');
        }

        var host = request.Headers["X-Forwarded-Host"].ToString().Split(',')[0].Trim();
        var proto = request.Headers["X-Forwarded-Proto"].ToString().Split(',')[0].Trim();
        var prefix = request.Headers["X-Forwarded-Prefix"].ToString().Split(',')[0].Trim().TrimEnd('/');
        return $"{(proto.Length > 0 ? proto : request.Scheme)}://{(host.Length > 0 ? host : request.Host.Value)}{prefix}";
    }

    [LoggerMessage(301, LogLevel.Warning, "Image generation failed at {Provider} ({Kind}): {Message}")]
    private static partial void LogFailed(ILogger logger, string provider, FluxImagingErrorKind kind, string message);

    /// <summary>One request's generation: runs until <c>n</c> final images exist, then shapes them as asked.</summary>
    private sealed class Generation(FluxImagingClient client, GuardedDownloader downloader, MediaStore media, ServerOptions options, GenerationRequest request, string baseUrl)
    {
        public async Task<(List<ImageItem> Items, string? Provider, string? Model)> RunAsync(CancellationToken cancellationToken)
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

        public async Task StreamAsync(HttpContext context, ILogger logger)
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            await response.StartAsync(context.RequestAborted);
            try
            {
                var partialBudget = request.PartialImages ?? options.DefaultPartialImages;
                var partialIndex = 0;
                var completed = 0;
                while (completed < request.Count)
                {
                    var remaining = request.Count - completed;
                    await foreach (var imageEvent in client.GenerateAsync(request.Request with { Count = remaining }, context.RequestAborted))
                    {
                        switch (imageEvent)
                        {
                            case Reasoning reasoning:
                                // Progress travels as SSE comments: shown by raw readers, skipped by SDK parsers.
                                await WriteAsync(response, $": {reasoning.Provider}: {reasoning.Status.ReplaceLineEndings(" ")}\n\n", context.RequestAborted);
                                break;
                            case ImagePreview preview when partialIndex < partialBudget:
                                var (previewBytes, _, previewExtension) = await downloader.FetchAsync(preview.Images[0], context.RequestAborted);
                                await WriteEventAsync(response, "image_generation.partial_image", Event("image_generation.partial_image", previewBytes, previewExtension, partialIndex++, usage: null), context.RequestAborted);
                                break;
                            case ImageResponse final:
                                foreach (var image in final.Images.Take(request.Count - completed))
                                {
                                    var (bytes, _, extension) = await downloader.FetchAsync(image, context.RequestAborted);
                                    await WriteEventAsync(response, "image_generation.completed", Event("image_generation.completed", bytes, extension, null, new StreamUsage(0, 0, 0, new StreamUsageDetails(0, 0))), context.RequestAborted);
                                    completed++;
                                }

                                break;
                        }
                    }
                }
            }
            catch (FluxImagingException ex)
            {
                LogFailed(logger, ex.Provider ?? "-", ex.Kind, ex.Message);
                var error = ApiError.From(ex).Body(request.Request.Model, ex.Provider);
                await WriteAsync(response, $"event: error\ndata: {JsonSerializer.Serialize(error, ServerJsonContext.Default.ErrorBody)}\n\n", context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; the generation was cancelled with it.
            }
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
    }
}
