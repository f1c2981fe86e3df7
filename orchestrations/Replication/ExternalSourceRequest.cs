using System.Text;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Our extension of the create request (<c>replicate_from</c>): migrate from a MariaDB server the service does not manage.
/// The password goes to the secret store and nowhere else; this record never prints it.
/// </summary>
/// <param name="Host">Where the source listens.</param>
/// <param name="Port">Its port.</param>
/// <param name="User">An account with REPLICATION SLAVE and SELECT (SHOW VIEW, TRIGGER) on the databases.</param>
/// <param name="Password">Its password.</param>
/// <param name="Databases">The databases to copy and replicate (at least one).</param>
/// <param name="CaCertificatePem">The CA to verify the source's TLS certificate against; null to encrypt without verifying.</param>
public sealed record ExternalSourceRequest(string Host, int Port, string User, string Password, IReadOnlyList<string> Databases, string? CaCertificatePem)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Host = {Host}, Port = {Port}, User = {User}, Databases = [{string.Join(", ", Databases)}], CaCertificatePem = {(CaCertificatePem is null ? "(none)" : "(given)")}");
        return true;
    }
}
