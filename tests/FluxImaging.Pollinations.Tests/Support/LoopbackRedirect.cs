using System.Net;
using System.Net.Sockets;

namespace FluxImaging.Pollinations.Tests.Support;

/// <summary>
/// A socket handler that connects every host name to one loopback port, so a request for <c>gen.pollinations.ai</c>
/// (with that <c>Host</c> header and URL) reaches the emulator over a real socket.
/// </summary>
internal static class LoopbackRedirect
{
    public static SocketsHttpHandler To(Uri emulator) => new()
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, emulator.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
