using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FluxImaging.Testing;

/// <summary>Writes the bodies of the hostile <see cref="Fault"/>s instead of the emulator's answer.</summary>
internal static class HostileBody
{
    public static async Task WriteAsync(HttpContext context, Fault fault)
    {
        var response = context.Response;
        var aborted = context.RequestAborted;
        try
        {
            switch (fault)
            {
                case Fault.BodyFault body:
                    response.StatusCode = 200;
                    response.ContentType = body.ContentType;
                    context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                    if (body.Gzip)
                    {
                        response.Headers.ContentEncoding = "gzip";
                        await body.Body.WriteGzipAsync(response.Body, aborted).ConfigureAwait(false);
                    }
                    else
                    {
                        response.ContentLength = body.Body.Length;
                        await body.Body.WritePlainAsync(response.Body, aborted).ConfigureAwait(false);
                    }

                    break;
                case Fault.DripFault drip:
                    response.StatusCode = 200;
                    response.ContentType = drip.ContentType;
                    await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                    while (!aborted.IsCancellationRequested)
                    {
                        await response.Body.WriteAsync(drip.Drip, aborted).ConfigureAwait(false);
                        await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                        await Task.Delay(drip.Interval, aborted).ConfigureAwait(false);
                    }

                    break;
                case Fault.LyingLengthFault lying:
                    response.StatusCode = 200;
                    response.ContentType = lying.ContentType;
                    response.ContentLength = lying.DeclaredLength;
                    await response.Body.WriteAsync(lying.Body, aborted).ConfigureAwait(false);
                    await response.Body.FlushAsync(aborted).ConfigureAwait(false);

                    // The rest never comes: cut the connection (a short pause lets the sent bytes leave first).
                    await Task.Delay(TimeSpan.FromMilliseconds(50), aborted).ConfigureAwait(false);
                    context.Abort();
                    break;
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client gave up, as it should.
        }
        catch (IOException) when (aborted.IsCancellationRequested)
        {
            // The connection went away mid-write.
        }
    }
}
