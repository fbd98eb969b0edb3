using Polly;
using Polly.Timeout;

namespace FluxImaging.Http;

/// <summary>
/// Runs every request of a provider's HTTP client through that provider's resilience pipeline. The pipeline is built
/// once per provider (<see cref="ProviderPipeline"/>); a handler is created per handler chain, as IHttpClientFactory
/// rotates chains.
/// </summary>
/// <remarks>
/// Requests are sent with <see cref="HttpCompletionOption.ResponseHeadersRead"/>, so the pipeline ends at the response
/// headers: a body that is being streamed is never retried, because events already delivered cannot be taken back.
/// </remarks>
internal sealed class ResilienceHandler(ProviderPipeline pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        pipeline.Begin(context, request);
        try
        {
            var outcome = await pipeline.Pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    try
                    {
                        var response = await state.Handler.SendCoreAsync(state.Request, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
                        return Outcome.FromResult(response);
                    }
                    catch (Exception ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                },
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);

            if (outcome.Exception is TimeoutRejectedException timeout)
            {
                // Providers see our error, never a Polly type.
                throw new FluxImagingException(
                    FluxImagingErrorKind.Timeout,
                    $"{Operations.Of(request)} got no answer in time ({timeout.Timeout}).",
                    pipeline.Provider,
                    innerException: timeout);
            }

            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
