using System.Text;

namespace Serverless.MySql;

/// <summary>
/// Where and how to connect. Equal options share a pool in <see cref="MySqlConnectionPool"/>.
/// <see cref="ToString"/> never prints the password.
/// </summary>
public sealed record MySqlConnectionOptions
{
    /// <summary>Host name or IP address for TCP; ignored when <see cref="UnixSocketPath"/> is set.</summary>
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; } = 3306;

    /// <summary>Connect over this Unix domain socket instead of TCP.</summary>
    public string? UnixSocketPath { get; init; }

    public required string User { get; init; }

    public string Password { get; init; } = string.Empty;

    /// <summary>The default database of the session, or null for none.</summary>
    public string? Database { get; init; }

    public MySqlTlsMode TlsMode { get; init; } = MySqlTlsMode.Preferred;

    /// <summary>PEM file with the CA that signs the server certificate, for <see cref="MySqlTlsMode.VerifyCA"/> and <see cref="MySqlTlsMode.VerifyFull"/>.</summary>
    public string? TlsCaCertificatePath { get; init; }

    /// <summary>
    /// The server's RSA public key (PEM) for <c>caching_sha2_password</c> full authentication without TLS.
    /// </summary>
    public string? ServerRsaPublicKeyPem { get; init; }

    /// <summary>
    /// Ask the server for its RSA public key when <c>caching_sha2_password</c> needs full authentication without TLS.
    /// Off by default: a key fetched over a plaintext connection can be substituted by a man in the middle.
    /// </summary>
    public bool AllowPublicKeyRetrieval { get; init; }

    /// <summary>Allow several statements separated by ';' in one query. On by default (restores run scripts).</summary>
    public bool AllowMultipleStatements { get; init; } = true;

    /// <summary>Time to open the connection, including TLS and authentication.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The longest the client waits for the server to send anything while a command runs; then the statement is
    /// killed and <see cref="MySqlTimeoutException"/> is thrown. A long result that keeps streaming never times out.
    /// <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> waits forever.
    /// </summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>"host:port" or the socket path, for messages.</summary>
    public string Endpoint => UnixSocketPath ?? $"{Host}:{Port}";

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Endpoint = ").Append(Endpoint)
            .Append(", User = ").Append(User)
            .Append(", Database = ").Append(Database)
            .Append(", TlsMode = ").Append(TlsMode)
            .Append(", Password = ").Append(Password.Length == 0 ? "(none)" : "***");
        return true;
    }
}
