using FluxImaging.Server.Api.Edits;
using FluxImaging.Server.Api.Multipart;
using FluxImaging.Server.Media;
using FluxImaging.Server.RateLimiting;
using FluxImaging.Server.Safety;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FluxImaging.Server.Api;

/// <summary>The OpenAI-compatible image routes: generation and editing (each plain or streamed), and the model list.</summary>
internal static class ImagesEndpoints
{
    public const string GenerationsPath = "/v1/images/generations";

    public const string EditsPath = "/v1/images/edits";

    public static void Map(IEndpointRouteBuilder routes)
    {
        Describe(routes.MapPost(GenerationsPath, (Delegate)((HttpContext context) => GenerateAsync(context, pathProvider: null))))
            .WithName("CreateImage")
            .WithSummary("Generates images from a prompt (OpenAI's images API, with gpt4free's extensions).");

        // gpt4free's aliases: the same operation, described once.
        foreach (var path in (string[])["/v1/images/generate", "/v1/media/generate"])
        {
            routes.MapPost(path, (Delegate)((HttpContext context) => GenerateAsync(context, pathProvider: null)))
                .WithMetadata(GenerationEndpoint.Marker)
                .ExcludeFromDescription();
        }

        Describe(routes.MapPost("/api/{provider}/images/generations", (HttpContext context, string provider) => GenerateAsync(context, provider)))
            .WithName("CreateImageWithProvider")
            .WithSummary("Generates images with one named provider (gpt4free's route).");

        Responses(routes.MapPost(EditsPath, (Delegate)((HttpContext context) => EditAsync(context))))
            .WithName("CreateImageEdit")
            .WithSummary("Edits an image from a prompt (OpenAI's images API): multipart/form-data, or JSON with image URLs.")
            .AddOpenApiOperationTransformer(EditRequestBody.DescribeAsync)
            .Produces<ErrorBody>(StatusCodes.Status415UnsupportedMediaType);

        routes.MapGet("/v1/models", (FluxImagingClient client) => TypedResults.Json(
                new ModelList("list", [.. client.Models.Select(m => new ModelItem(m.Model, "model", 0, string.Join(",", m.Providers)))]),
                ServerJsonContext.Default.ModelList))
            .WithName("ListModels")
            .WithSummary("Lists the image models and aliases, each with the providers that serve it.")
            .Produces<ModelList>(StatusCodes.Status200OK);
    }

    private static RouteHandlerBuilder Describe(RouteHandlerBuilder route) => Responses(route)
        .Accepts<GenerationRequestDocument>("application/json");

    /// <summary>What every image route answers; the marker puts it under the generation limits.</summary>
    private static RouteHandlerBuilder Responses(RouteHandlerBuilder route) => route
        .WithMetadata(GenerationEndpoint.Marker)
        .Produces<ImagesBody>(StatusCodes.Status200OK)
        .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
        .Produces<ErrorBody>(StatusCodes.Status400BadRequest)
        .Produces<ErrorBody>(StatusCodes.Status401Unauthorized)
        .Produces<ErrorBody>(StatusCodes.Status404NotFound)
        .Produces<ErrorBody>(StatusCodes.Status408RequestTimeout)
        .Produces<ErrorBody>(StatusCodes.Status413PayloadTooLarge)
        .Produces<ErrorBody>(StatusCodes.Status429TooManyRequests)
        .Produces<ErrorBody>(StatusCodes.Status502BadGateway)
        .Produces<ErrorBody>(StatusCodes.Status503ServiceUnavailable)
        .Produces<ErrorBody>(StatusCodes.Status504GatewayTimeout);

    private static Task<IResult> GenerateAsync(HttpContext context, string? pathProvider) =>
        AnswerAsync(context, ImageStreamEvents.Generation, imageField: "image", (body, options, echo, _) => Task.FromResult(GenerationRequest.Parse(body, pathProvider, options, echo)));

    /// <summary>An edit, as OpenAI's multipart form or as its JSON body; any other body is 415.</summary>
    private static Task<IResult> EditAsync(HttpContext context)
    {
        var contentType = context.Request.ContentType;
        if (MultipartForm.IsFormData(contentType, out var boundary))
        {
            return AnswerAsync(context, ImageStreamEvents.Edit, imageField: "image", (body, options, echo, _) => Task.FromResult(boundary is null
                ? (null, ApiError.Invalid("The multipart/form-data Content-Type has no boundary (1 to 70 ASCII characters)."))
                : EditForm.Parse(body, boundary, options, echo)));
        }

        if (MediaTypeHeaderValue.TryParse(contentType, out var mediaType) && mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            var downloader = context.RequestServices.GetRequiredService<GuardedDownloader>();
            return AnswerAsync(context, ImageStreamEvents.Edit, imageField: "images", (body, options, echo, cancellationToken) => EditJson.ParseAsync(body, downloader, options, echo, cancellationToken));
        }

        var unsupported = new ApiError(
            StatusCodes.Status415UnsupportedMediaType,
            $"{EditsPath} takes multipart/form-data (the image as 'image' or 'image[]') or application/json ('images': [{{\"image_url\": …}}]).",
            "invalid_request_error",
            "unsupported_media_type");
        return AnswerAsync(context, ImageStreamEvents.Edit, imageField: "image", (_, _, _, _) => Task.FromResult<(GenerationRequest?, ApiError?)>((null, unsupported)));
    }

    /// <summary>
    /// Every image route's answer: the server key, the bounded body, the route's own parsing, whether the model can
    /// take the request's images, then the generation — plain or streamed.
    /// </summary>
    private static async Task<IResult> AnswerAsync(HttpContext context, ImageStreamEvents events, string imageField, RequestParser parse)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        if (!services.GetRequiredService<ApiKeyCheck>().Allows(context.Request))
        {
            return new ApiError(401, "A valid API key is required (Authorization: Bearer <key> or g4f-api-key).", "invalid_request_error", "invalid_api_key").ToResult(context);
        }

        var echo = services.GetRequiredService<EchoLimits>();
        var (body, refused) = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes, context.RequestAborted);
        if (refused is not null)
        {
            return refused.ToResult(context);
        }

        GenerationRequest? parsed;
        using (body)
        {
            (parsed, var invalid) = await parse(body!.Memory, options, echo, context.RequestAborted);
            if (invalid is not null)
            {
                return invalid.ToResult(context);
            }
        }

        var client = services.GetRequiredService<FluxImagingClient>();
        if (InputImageCheck.Refusal(client, parsed!.Request, imageField, echo) is { } refusal)
        {
            return refusal.ToResult(context, echo.OptionalValue(parsed.Request.Model));
        }

        var generation = new Generation(
            client,
            services.GetRequiredService<GuardedDownloader>(),
            services.GetRequiredService<MediaStore>(),
            options,
            echo,
            parsed,
            events,
            BaseUrl(context, options),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("FluxImaging.Server"));
        if (parsed.Stream)
        {
            await generation.StreamAsync(context);
            return Results.Empty;
        }

        return await generation.AnswerAsync(context);
    }

    /// <summary>Parses one route's body (valid until the call returns) into a request, or the 400 that refuses it.</summary>
    private delegate Task<(GenerationRequest? Request, ApiError? Error)> RequestParser(ReadOnlyMemory<byte> body, ServerOptions options, EchoLimits echo, CancellationToken cancellationToken);

    /// <summary>
    /// The public base URL: configured, else the request's own scheme, host and path base — which a trusted reverse
    /// proxy may have set (<see cref="ForwardedHeadersTrust"/>); untrusted <c>X-Forwarded-*</c> headers never get here.
    /// </summary>
    private static string BaseUrl(HttpContext context, ServerOptions options)
    {
        if (options.PublicBaseUrl is { } configured)
        {
            return configured.AbsoluteUri.TrimEnd('/');
        }

        var request = context.Request;
        return $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}";
    }
}
