namespace FluxImaging.Http;

/// <summary>
/// Puts every response body of a provider's HTTP client behind the idle timeout and the response size backstop
/// (<see cref="GuardedContent"/>), so no provider — ours or not — can hang on a silent stream or be flooded.
/// </summary>
internal sealed class ResponseGuardHandler(string provider, TimeoutOptions timeouts, LimitOptions limits, TimeProvider timeProvider) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.Content is { } content and not GuardedContent)
        {
            response.Content = new GuardedContent(
                content,
                provider,
                $"The answer to {Operations.Of(request)}",
                timeouts.Idle,
                limits.ResponseBytes,
                timeProvider);
        }

        return response;
    }
}
