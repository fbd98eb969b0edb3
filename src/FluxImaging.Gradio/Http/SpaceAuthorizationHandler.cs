using System.Net.Http.Headers;

namespace FluxImaging.Gradio.Http;

/// <summary>
/// Adds the Hugging Face token to requests for the Space's own host and to nothing else, so that a file URL or redirect
/// pointing elsewhere never receives the credential.
/// </summary>
internal sealed class SpaceAuthorizationHandler(Uri endpoint, string? token) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(token)
            && request.RequestUri is { } uri
            && string.Equals(uri.Scheme, endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.IdnHost, endpoint.IdnHost, StringComparison.OrdinalIgnoreCase)
            && uri.Port == endpoint.Port
            && request.Headers.Authorization is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
