using System.Net;
using System.Net.Sockets;

namespace Serverless.Platforms.Local;

/// <summary>
/// Decides that a server is ready when a connection receives the initial handshake packet.
/// Not a SQL conversation, so not MySqlConnector: readiness is the server's greeting, which needs
/// no account, password or TLS, and a login that fails could not tell "not ready yet" from
/// "ready, but refusing this login".
/// </summary>
internal static class HandshakeProbe
{
    // https://mariadb.com/kb/en/connection/#initial-handshake-packet: after the 4-byte packet
    // header (3-byte length, sequence id), the payload starts with protocol version 10.
    private const byte ProtocolVersion10 = 0x0A;
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    /// <summary>True when the server at host:port sent a protocol-10 handshake.</summary>
    public static Task<bool> AnswersAsync(string host, int port, CancellationToken cancellationToken) =>
        AnswersAsync(
            IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port),
            cancellationToken);

    /// <summary>True when the server listening on the unix socket at <paramref name="socketPath"/> sent a protocol-10 handshake.</summary>
    public static Task<bool> AnswersOnUnixSocketAsync(string socketPath, CancellationToken cancellationToken) =>
        AnswersAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);

    private static async Task<bool> AnswersAsync(EndPoint endPoint, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(AttemptTimeout);
        try
        {
            using var socket = endPoint is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(endPoint, attempt.Token).ConfigureAwait(false);
            using var stream = new NetworkStream(socket, ownsSocket: false);
            var start = new byte[5];
            await stream.ReadExactlyAsync(start, attempt.Token).ConfigureAwait(false);
            return start[4] == ProtocolVersion10;
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
