using System.Text;

namespace Serverless.Cli.Client;

/// <summary>The external source of a migration, sent as our <c>replicate_from</c>; never prints its password.</summary>
internal sealed record NewExternalSource(string Host, int Port, string User, string Password, IReadOnlyList<string> Databases, string? CaCertificatePem)
{
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Host = {Host}, Port = {Port}, User = {User}, Databases = [{string.Join(", ", Databases)}]");
        return true;
    }
}
