using System.Net.Sockets;

namespace Serverless.Platforms.Local;

/// <summary>
/// Decides that a server is ready when a TCP connection receives the initial handshake packet.
/// Deliberately independent of the MySQL client library: the launcher must work while that
/// library is being developed against servers started by this launcher.
/// </summary>
internal static class HandshakeProbe
{
    // https://mariadb.com/kb/en/connection/#initial-handshake-packet: after the 4-byte packet
    // header (3-byte length, sequence id), the payload starts with protocol version 10.
    private const byte ProtocolVersion10 = 0x0A;
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(2);

    /// <summary>True when the server at host:port sent a protocol-10 handshake.</summary>
    public static async Task<bool> AnswersAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(AttemptTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, attempt.Token).ConfigureAwait(false);
            var start = new byte[5];
            await client.GetStream().ReadExactlyAsync(start, attempt.Token).ConfigureAwait(false);
            return start[4] == ProtocolVersion10;
        }
        catch (Exception e) when (e is SocketException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
