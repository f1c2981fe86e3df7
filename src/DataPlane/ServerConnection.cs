using System.Text;
using MySqlConnector;

namespace Serverless.DataPlane;

/// <summary>
/// How the data plane reaches a MySQL or MariaDB server: where, as which account, and which certificate authority
/// vouches for the server. The password is held only for the connections made from it: never serialize or log
/// this record (its <see cref="object.ToString"/> leaves the password out).
/// </summary>
/// <param name="Host">Host name or IP address.</param>
/// <param name="Port">TCP port.</param>
/// <param name="User">The account.</param>
/// <param name="Password">The account's password.</param>
/// <param name="CaCertificatePem">
/// The PEM certificate(s) of the CA that signed the server's certificate; null to trust the system's roots (as for a
/// server with a publicly trusted certificate, such as Azure Database for MySQL).
/// </param>
public sealed record ServerConnection(string Host, int Port, string User, string Password, string? CaCertificatePem)
{
    /// <summary>
    /// Whether connections use TLS and verify the server's certificate and name (the default). Turn it off only for a
    /// throwaway server on loopback that has no TLS, as tests and benchmarks start.
    /// </summary>
    public bool UseTls { get; init; } = true;

    /// <summary>
    /// Whether TLS checks the server's certificate and host name (against <see cref="CaCertificatePem"/>, else the system
    /// roots); false only encrypts (an external source whose CA the user did not give).
    /// </summary>
    public bool VerifyServer { get; init; } = true;

    /// <summary>The server's address, for messages and logs.</summary>
    public string Endpoint => $"{Host}:{Port}";

    /// <summary>
    /// MySqlConnector's connection string: pooled, no command timeout (a long LOAD DATA or ALTER TABLE is silent until
    /// it ends; cancellation stops it instead), LOAD DATA LOCAL for <see cref="MySqlBulkLoader"/>'s streams, and with
    /// <see cref="UseTls"/> full verification against <see cref="CaCertificatePem"/> or the system's roots.
    /// </summary>
    internal string ConnectionString
    {
        get
        {
            var builder = new MySqlConnectionStringBuilder
            {
                Server = Host,
                Port = checked((uint)Port),
                UserID = User,
                Password = Password,
                DefaultCommandTimeout = 0,
                AllowLoadLocalInfile = true,

                // Object definitions (triggers, routines) set and read @variables of their own; they are not parameters.
                AllowUserVariables = true,
                SslMode = !UseTls ? MySqlSslMode.None : VerifyServer ? MySqlSslMode.VerifyFull : MySqlSslMode.Required,
            };
            if (UseTls && VerifyServer && CaCertificatePem is { } pem)
            {
                builder.SslCa = CaCertificateFile.PathFor(pem);
            }

            return builder.ConnectionString;
        }
    }

    /// <summary>Creates a connection (not yet open) to the server.</summary>
    internal MySqlConnection CreateConnection() => new(ConnectionString);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Host = {Host}, Port = {Port}, User = {User}, UseTls = {UseTls}, CaCertificatePem = {(CaCertificatePem is null ? "(system roots)" : "(given)")}");
        return true;
    }
}
