using System.Net.Http.Headers;

namespace FluxImaging.Gradio.Http;

/// <summary>
/// Adds the user's Hugging Face token to requests for the Space's own origin and to nothing else: as
/// <c>Authorization: Bearer</c> (private Spaces, as <c>@gradio/client</c> sends it) and as <c>X-HF-Authorization</c>
/// (the header Hugging Face's proxy consumes to charge ZeroGPU time to the user, as <c>gradio_client</c> sends it).
/// It runs once per request and per redirect hop, so a file URL or redirect that points elsewhere never gets it. The
/// origin is read per request: a Space configured by id alone learns its host from the Hugging Face API, after this
/// handler was made; until then nothing gets the token.
/// </summary>
internal sealed class SpaceAuthorizationHandler(Func<Uri?> endpoint, string? token) : DelegatingHandler
{
    public const string ProxyHeader = "X-HF-Authorization";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(token)
            && request.RequestUri is { } uri
            && endpoint() is { } origin
            && string.Equals(uri.Scheme, origin.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.IdnHost, origin.IdnHost, StringComparison.OrdinalIgnoreCase)
            && uri.Port == origin.Port)
        {
            request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", token);
            if (!request.Headers.Contains(ProxyHeader))
            {
                request.Headers.TryAddWithoutValidation(ProxyHeader, $"Bearer {token}");
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
