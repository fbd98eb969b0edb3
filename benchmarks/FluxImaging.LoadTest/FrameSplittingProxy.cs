using System.Net;
using System.Net.Sockets;

namespace FluxImaging.LoadTest;

/// <summary>
/// A loopback TCP relay in front of the emulator that sends every server-sent event in a send of its own, as Gradio's
/// server does: uvicorn writes each frame to the socket the moment it is yielded, while Kestrel coalesces frames that
/// are flushed close together (up to 7 per send in the FLUX.1-dev scenario). Coalesced frames arrive in one read and
/// wake the client once for several messages, which flatters the client's CPU figures.
/// </summary>
/// <remarks>
/// Bytes are relayed unchanged; the server-to-client side is cut after every blank line (<c>\n\n</c>) and each piece
/// sent on its own, with Nagle off. Runs in the emulator's process, so its CPU is not the client's.
/// </remarks>
internal sealed class FrameSplittingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _upstream;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private long _sends;

    public FrameSplittingProxy(Uri upstream)
    {
        _upstream = new IPEndPoint(IPAddress.Parse(upstream.Host), upstream.Port);
        _listener.Start(backlog: 8192);
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri Address { get; }

    /// <summary>How many sends went to clients (each frame one, plus headers and chunk framing in between).</summary>
    public long Sends => Interlocked.Read(ref _sends);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var _ = client;
        client.NoDelay = true;
        try
        {
            await upstream.ConnectAsync(_upstream, _stopping.Token);
            var requests = PumpAsync(client, upstream, splitFrames: false);
            var responses = PumpAsync(upstream, client, splitFrames: true);
            await Task.WhenAll(requests, responses);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away: closing both ends the other pump.
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool splitFrames)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                var start = 0;
                if (splitFrames)
                {
                    int end;
                    while ((end = buffer.AsSpan(start, read - start).IndexOf("\n\n"u8)) >= 0)
                    {
                        await SendAsync(to, buffer.AsMemory(start, end + 2));
                        start += end + 2;
                    }
                }

                if (start < read)
                {
                    await SendAsync(to, buffer.AsMemory(start, read - start));
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            from.Close();
            to.Close();
        }
    }

    private async Task SendAsync(Socket to, ReadOnlyMemory<byte> bytes)
    {
        Interlocked.Increment(ref _sends);
        while (bytes.Length > 0)
        {
            var sent = await to.SendAsync(bytes, SocketFlags.None, _stopping.Token);
            bytes = bytes[sent..];
        }
    }
}
