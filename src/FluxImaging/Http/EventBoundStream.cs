using System.Buffers;
using System.Runtime.CompilerServices;

namespace FluxImaging.Http;

/// <summary>
/// Bounds what one server-sent event may cost. The SSE parser buffers a line until its end and an event's data until
/// the blank line that dispatches it, so a stream of giant lines, of many lines in one event, or of nothing but blank
/// lines and comments would grow memory or burn CPU without ever producing an event. This counts the bytes since the
/// last dispatched event (one with a <c>data</c> field) — any line ending counts: LF, CRLF, or CR alone — and fails
/// with a protocol error past the limit.
/// </summary>
/// <remarks>The scan jumps from line ending to line ending with a vectorized search; it looks at no other byte except
/// the first five of each line.</remarks>
internal sealed class EventBoundStream(Stream inner, long maxEventBytes, Func<FluxImagingException> tooLarge) : ReadOnlyDelegatingStream(inner)
{
    private static readonly SearchValues<byte> LineEndings = SearchValues.Create("\r\n"u8);

    private long _eventBytes;
    private bool _afterCarriageReturn;
    private int _headLength;
    private ulong _head;
    private bool _eventHasData;

    // One read per frame: the state machine is pooled rather than allocated per read.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Scan(buffer.Span[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Event streams are read asynchronously.");

    private void Scan(ReadOnlySpan<byte> chunk)
    {
        var position = 0;
        while (position < chunk.Length)
        {
            var end = chunk[position..].IndexOfAny(LineEndings);
            var lineEnd = end < 0 ? chunk.Length : position + end;
            Remember(chunk[position..lineEnd]);
            _eventBytes += lineEnd - position;
            if (end < 0)
            {
                break;
            }

            var ending = chunk[lineEnd];
            _eventBytes++;
            position = lineEnd + 1;

            // The LF of a CRLF ends nothing new.
            if (ending == (byte)'\n' && _afterCarriageReturn && end == 0)
            {
                _afterCarriageReturn = false;
                continue;
            }

            _afterCarriageReturn = ending == (byte)'\r';
            EndLine();
        }

        if (_eventBytes > maxEventBytes)
        {
            throw tooLarge();
        }
    }

    private void Remember(ReadOnlySpan<byte> content)
    {
        for (var i = 0; i < content.Length && _headLength < 5; i++)
        {
            _head |= (ulong)content[i] << (8 * _headLength++);
        }

        if (content.Length > 0)
        {
            // A line that continues after a CR is not the LF half of a CRLF.
            _afterCarriageReturn = false;
        }
    }

    private void EndLine()
    {
        if (_headLength == 0)
        {
            // A blank line dispatches the event, if it had data; blank lines and comments alone keep counting.
            if (_eventHasData)
            {
                if (_eventBytes > maxEventBytes)
                {
                    throw tooLarge();
                }

                _eventHasData = false;
                _eventBytes = 0;
            }

            return;
        }

        // "data" alone or "data:…" (little-endian bytes of the first five characters).
        const ulong Data = 0x61746164;
        var isData = (_head & 0xFFFFFFFF) == Data && (_headLength == 4 || (_head >> 32) == ':');
        _eventHasData |= isData;
        _head = 0;
        _headLength = 0;
    }
}
