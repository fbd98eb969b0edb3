using System.Security.Cryptography;
using System.Text;
using FluxImaging.Server.Api;
using FluxImaging.Server.Safety;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FluxImaging.Server.Media;

/// <summary>
/// <c>GET</c> and <c>HEAD /media/{name}</c> (alias <c>/images/{name}</c>): the cached images, with type, long-lived
/// cache headers, an ETag and ranges; HEAD answers the same headers without the body. With
/// <see cref="ServerOptions.RequireKeyForMedia"/> the server's API key is asked for here too.
/// </summary>
internal static class MediaEndpoints
{
    private static readonly string[] Methods = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/media/{name}", Methods, Serve)
            .WithName("GetMedia")
            .WithSummary("An image this server cached for an answer (HEAD for its headers only).")
            .Produces(StatusCodes.Status200OK, responseType: null, "image/png", "image/jpeg", "image/webp", "image/gif")
            .Produces<ErrorBody>(StatusCodes.Status401Unauthorized)
            .Produces<ErrorBody>(StatusCodes.Status404NotFound);
        routes.MapMethods("/images/{name}", Methods, Serve).ExcludeFromDescription();
    }

    private static IResult Serve(HttpContext context, string name, MediaStore store, ApiKeyCheck keys, IOptions<ServerOptions> options)
    {
        if (options.Value.RequireKeyForMedia && !keys.Allows(context.Request))
        {
            return new ApiError(401, "A valid API key is required for media (Authorization: Bearer <key> or g4f-api-key).", "invalid_request_error", "invalid_api_key").ToResult(context);
        }

        var file = store.Find(name);
        if (file is null)
        {
            return new ApiError(404, "File not found", "invalid_request_error", "not_found").ToResult(context);
        }

        context.Response.Headers.CacheControl = options.Value.RequireKeyForMedia ? "private, max-age=31536000, immutable" : "public, max-age=31536000, immutable";
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..32]}\"");
        return Results.File(file.FullName, MediaStore.ContentType(name), lastModified: file.LastWriteTimeUtc, entityTag: etag, enableRangeProcessing: true);
    }
}
