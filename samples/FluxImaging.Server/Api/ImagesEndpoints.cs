using FluxImaging.Server.Media;
using FluxImaging.Server.RateLimiting;
using FluxImaging.Server.Safety;
using Microsoft.Extensions.Options;

namespace FluxImaging.Server.Api;

/// <summary>The OpenAI-compatible image routes: generation (plain and streamed) and the model list.</summary>
internal static class ImagesEndpoints
{
    public const string GenerationsPath = "/v1/images/generations";

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

        routes.MapGet("/v1/models", (FluxImagingClient client) => TypedResults.Json(
                new ModelList("list", [.. client.Models.Select(m => new ModelItem(m.Model, "model", 0, string.Join(",", m.Providers)))]),
                ServerJsonContext.Default.ModelList))
            .WithName("ListModels")
            .WithSummary("Lists the image models and aliases, each with the providers that serve it.")
            .Produces<ModelList>(StatusCodes.Status200OK);
    }

    private static RouteHandlerBuilder Describe(RouteHandlerBuilder route) => route
        .WithMetadata(GenerationEndpoint.Marker)
        .Accepts<GenerationRequestDocument>("application/json")
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

    private static async Task<IResult> GenerateAsync(HttpContext context, string? pathProvider)
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
            (parsed, var invalid) = GenerationRequest.Parse(body!.Memory, pathProvider, options, echo);
            if (invalid is not null)
            {
                return invalid.ToResult(context);
            }
        }

        var generation = new Generation(
            services.GetRequiredService<FluxImagingClient>(),
            services.GetRequiredService<GuardedDownloader>(),
            services.GetRequiredService<MediaStore>(),
            options,
            echo,
            parsed!,
            ImageStreamEvents.Generation,
            BaseUrl(context, options),
            services.GetRequiredService<ILoggerFactory>().CreateLogger("FluxImaging.Server"));
        if (parsed!.Stream)
        {
            await generation.StreamAsync(context);
            return Results.Empty;
        }

        return await generation.AnswerAsync(context);
    }

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
