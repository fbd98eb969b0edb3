using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace FluxImaging.Server.Api;

/// <summary>
/// A request body read once into one pooled buffer and never kept past the configured size. A body over the limit —
/// declared by <c>Content-Length</c> or found while reading a chunked one — is answered 413; its bytes are read and
/// discarded up to <see cref="DrainLimit"/> (so that clients that send the whole body before they read the answer,
/// as most do, see the 413 rather than a broken pipe), and past that the connection is closed. Kestrel's own verdicts
/// (too slow, malformed) become OpenAI-shaped errors with their own status. Dispose it to give the buffer back.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    /// <summary>The most bytes of a refused body that are read (and thrown away) before the connection is closed instead.</summary>
    public const long DrainLimit = 64L * 1024 * 1024;

    private const int FirstChunk = 16 * 1024;

    // Larger buffers are not pooled: a burst of big bodies must not stay in the pool once it is over.
    private const int PooledUpTo = 1024 * 1024;

    private byte[]? _buffer;
    private readonly int _length;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The body's bytes; valid until disposal.</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, _length);

    public static async Task<(RequestBody? Body, ApiError? Error)> ReadAsync(HttpContext context, long maxBytes, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var declared = request.ContentLength;
        var limit = (int)Math.Min(maxBytes, Array.MaxLength - 1);

        // Kestrel enforces MaxRequestBodyBytes on every route; here the limit is counted by hand, so that a refused body
        // can still be drained.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = Math.Max(DrainLimit, maxBytes);
        }

        if (declared > maxBytes)
        {
            return (null, await RefuseAsync(context, declared.Value, maxBytes, cancellationToken).ConfigureAwait(false));
        }

        // A declared length is rented whole; a chunked body grows by doubling, never beyond the limit itself.
        var buffer = Take(Math.Max(1, (int)Math.Min(declared ?? FirstChunk, limit)));
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == Math.Min(buffer.Length, limit))
                {
                    if (filled == limit)
                    {
                        // Full at the limit: one more byte means too large.
                        if (await ProbeAsync(request, cancellationToken).ConfigureAwait(false))
                        {
                            return (null, await RefuseAsync(context, declared: null, maxBytes, cancellationToken).ConfigureAwait(false));
                        }

                        break;
                    }

                    var larger = Take((int)Math.Min((long)buffer.Length * 2, limit));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    Give(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(filled, Math.Min(buffer.Length, limit) - filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            var body = new RequestBody(buffer, filled);
            buffer = null;
            return (body, null);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, ApiError.From(ex, maxBytes));
        }
        finally
        {
            if (buffer is not null)
            {
                Give(buffer);
            }
        }
    }

    private static async Task<bool> ProbeAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var probe = new byte[1];
        return await request.Body.ReadAsync(probe, cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>The 413; the rest of the body is thrown away while it stays under <see cref="DrainLimit"/>, else the connection closes.</summary>
    private static async Task<ApiError> RefuseAsync(HttpContext context, long? declared, long maxBytes, CancellationToken cancellationToken)
    {
        var error = ApiError.TooLarge(maxBytes);
        if (declared > DrainLimit)
        {
            context.Response.Headers.Connection = "close";
            return error;
        }

        var scratch = ArrayPool<byte>.Shared.Rent(FirstChunk);
        try
        {
            long drained = 0;
            int read;
            while ((read = await context.Request.Body.ReadAsync(scratch, cancellationToken).ConfigureAwait(false)) > 0)
            {
                drained += read;
                if (drained > DrainLimit)
                {
                    context.Response.Headers.Connection = "close";
                    break;
                }
            }
        }
        catch (BadHttpRequestException)
        {
            context.Response.Headers.Connection = "close";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        return error;
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            Give(buffer);
        }
    }

    private static byte[] Take(int size) => size <= PooledUpTo ? ArrayPool<byte>.Shared.Rent(size) : GC.AllocateUninitializedArray<byte>(size);

    private static void Give(byte[] buffer)
    {
        if (buffer.Length <= PooledUpTo)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
