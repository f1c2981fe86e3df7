using Serverless.Platforms.Local;

namespace Serverless.MySql.Tests;

/// <summary>Connection options for the admin account of a test server.</summary>
internal static class ServerConnections
{
    public static MySqlConnectionOptions AdminOptions(this MariaDbServer server, MySqlTlsMode tls = MySqlTlsMode.Disabled) => new()
    {
        Host = server.Host,
        Port = server.Port,
        User = server.AdminUser,
        Password = server.AdminPassword,
        TlsMode = tls,
        TlsCaCertificatePath = server.TlsCaCertificatePath,
    };

    public static Task<MySqlConnection> OpenAdminAsync(this MariaDbServer server, MySqlTlsMode tls = MySqlTlsMode.Disabled) =>
        MySqlConnection.OpenAsync(server.AdminOptions(tls));

    /// <summary>A database name unique to one test, so tests sharing a server do not see each other's tables.</summary>
    public static string UniqueDatabase(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)];

    public static async Task<string> CreateDatabaseAsync(this MySqlConnection connection, string prefix)
    {
        var name = UniqueDatabase(prefix);
        await connection.ExecuteAsync($"CREATE DATABASE {MySqlSyntax.QuoteIdentifier(name)}");
        await connection.ChangeDatabaseAsync(name);
        return name;
    }
}
