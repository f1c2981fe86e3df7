using System.Text;

namespace Serverless.Binlog;

/// <summary>
/// Where and how a <see cref="BinlogClient"/> connects, and how it presents itself as a replica.
/// <see cref="ToString"/> never prints the password.
/// </summary>
public sealed record BinlogClientOptions
{
    /// <summary>Host name or IP address of the server.</summary>
    public required string Host { get; init; }

    /// <summary>TCP port of the server.</summary>
    public int Port { get; init; } = 3306;

    /// <summary>The account; it needs the REPLICATION SLAVE privilege.</summary>
    public required string User { get; init; }

    /// <summary>The account's password.</summary>
    public string Password { get; init; } = string.Empty;

    /// <summary>How TLS is used; <see cref="BinlogTlsMode.VerifyCA"/> with <see cref="TlsCaCertificatePem"/> for production.</summary>
    public BinlogTlsMode TlsMode { get; init; } = BinlogTlsMode.Preferred;

    /// <summary>PEM text of the CA (or CAs) that sign the server certificate, for the verifying TLS modes.</summary>
    public string? TlsCaCertificatePem { get; init; }

    /// <summary>
    /// The server's RSA public key (PEM) for <c>caching_sha2_password</c> full authentication without TLS.
    /// </summary>
    public string? ServerRsaPublicKeyPem { get; init; }

    /// <summary>
    /// Ask the server for its RSA public key when <c>caching_sha2_password</c> needs full authentication without TLS.
    /// Off by default: a key fetched over a plaintext connection can be substituted by a man in the middle.
    /// </summary>
    public bool AllowPublicKeyRetrieval { get; init; }

    /// <summary>
    /// The replica server id this reader registers with. It must be non-zero and differ from every server and every
    /// other reader of the same source: a second dump with the same id makes the server end the first one.
    /// </summary>
    public required uint ServerId { get; init; }

    /// <summary>
    /// How often the server sends a heartbeat while it has no events, so that an idle stream is told apart from a dead
    /// one; null sends none. Keep it well below <see cref="ReadTimeout"/>.
    /// </summary>
    public TimeSpan? HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Time to open the connection, including TLS and authentication.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The longest the client waits for any byte from the server; then the connection is closed and
    /// <see cref="BinlogTimeoutException"/> is thrown. <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>"host:port", for messages.</summary>
    public string Endpoint => $"{Host}:{Port}";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Endpoint = ").Append(Endpoint)
            .Append(", User = ").Append(User)
            .Append(", TlsMode = ").Append(TlsMode)
            .Append(", ServerId = ").Append(ServerId)
            .Append(", Password = ").Append(Password.Length == 0 ? "(none)" : "***");
        return true;
    }
}
