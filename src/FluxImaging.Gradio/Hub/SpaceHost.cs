using System.Net.Http.Headers;
using FluxImaging.Gradio.Json;
using FluxImaging.Providers;
using Microsoft.Extensions.Logging;

namespace FluxImaging.Gradio.Hub;

/// <summary>
/// Where a Space's app runs, as the Hugging Face API says (<c>GET /api/spaces/{id}/host</c>), else by Hugging Face's
/// subdomain rule: what <c>gradio_client</c> does for <c>Client("owner/name")</c>. The Hugging Face token, when set,
/// goes to the Hugging Face API host only (this request names it itself).
/// </summary>
internal static partial class SpaceHost
{
    public static async Task<Uri> ResolveAsync(UpstreamHttp http, GradioClientOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var space = options.Space ?? throw new InvalidOperationException("Only a Space id can be resolved to a host.");
        var operation = $"GET /api/spaces/{space}/host";
        try
        {
            using var request = Request(options, $"/api/spaces/{space}/host");
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var answer = await http.ReadJsonAsync(response, GradioJsonContext.Default.SpaceInfoDocument, operation, cancellationToken).ConfigureAwait(false);
            if (Uri.TryCreate(answer.Host, UriKind.Absolute, out var host) && host.Scheme is "http" or "https")
            {
                return host;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or IOException or FluxImagingException { Kind: not FluxImagingErrorKind.ProtocolViolation })
        {
            LogHostUnknown(logger, http.Name, UpstreamText.Echo(space), UpstreamText.Clean(ex.Message));
        }

        return new Uri($"https://{Subdomain(space)}.hf.space");
    }

    /// <summary>A request to the Hugging Face API, with the user's token when there is one.</summary>
    public static HttpRequestMessage Request(GradioClientOptions options, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{options.HuggingFaceEndpoint.AbsoluteUri.TrimEnd('/')}{path}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (!string.IsNullOrEmpty(options.HuggingFaceToken))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.HuggingFaceToken);
        }

        return request;
    }

    /// <summary>Hugging Face's subdomain rule: <c>owner/name</c> → <c>owner-name</c>, lower case, <c>.</c> and <c>_</c> as <c>-</c>.</summary>
    public static string Subdomain(string space) => space.Replace('/', '-').Replace('.', '-').Replace('_', '-').ToLowerInvariant();

    [LoggerMessage(301, LogLevel.Warning, "{Provider}: the Hugging Face API did not say where {Space} runs ({Reason}); using its default host.")]
    private static partial void LogHostUnknown(ILogger logger, string provider, string space, string reason);
}
