using System.Net;
using System.Net.Http.Headers;

namespace FluxImaging.Benchmarks;

/// <summary>Answers requests from memory by path, so a benchmark measures our code and not a network.</summary>
internal sealed class ReplayHandler(Func<HttpRequestMessage, (string MediaType, byte[] Body)?> answer) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (answer(request) is not { } reply)
        {
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new ByteArrayContent([]) });
        }

        var content = new StreamContent(new MemoryStream(reply.Body, writable: false));
        content.Headers.ContentType = new MediaTypeHeaderValue(reply.MediaType);
        return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
    }
}
