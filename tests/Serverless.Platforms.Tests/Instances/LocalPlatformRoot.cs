using System.Globalization;
using MySqlConnector;
using Serverless.Platforms.Local.Instances;
using Serverless.Platforms.Local.Secrets;
using Serverless.Testing;
using Xunit;

namespace Serverless.Platforms.Tests.Instances;

/// <summary>
/// A state root in the temp directory with its secret store; <see cref="NewPlatform"/> stands for a
/// host (start) over it. Disposing deletes every server found under the root, then the root.
/// </summary>
internal sealed class LocalPlatformRoot : IAsyncDisposable
{
    public LocalPlatformRoot()
    {
        Directory = Path.Combine(Path.GetTempPath(), "serverless-platform-tests", Guid.NewGuid().ToString("N")[..12]);
        Secrets = new LocalSecretStore(Path.Combine(Directory, "secrets"));
        Platform = NewPlatform();
    }

    public string Directory { get; }

    public LocalSecretStore Secrets { get; }

    /// <summary>The platform of the first "host run".</summary>
    public LocalDatabasePlatform Platform { get; }

    public static FlavorSpec SmallFlavor { get; } = new(VCpus: 1, RamMegabytes: 512, MaxConnections: 77);

    public static ServerSpec Spec(string serverId, int mySqlServerId = 11, bool readOnly = false) =>
        new(serverId, mySqlServerId, SmallFlavor, VolumeSizeGigabytes: 5, readOnly, AdminSecretId: $"{serverId}-admin");

    /// <summary>A platform over the same root and secrets, as a restarted host would create.</summary>
    public LocalDatabasePlatform NewPlatform() => new(new LocalDatabasePlatformOptions { StateRoot = Directory }, Secrets);

    public async Task<MySqlConnection> ConnectAdminAsync(ServerEndpoint endpoint, string adminSecretId)
    {
        var password = await Secrets.GetAsync(adminSecretId, CancellationToken.None);
        Assert.NotNull(password);
        return await ConnectAsync(endpoint, Serverless.Platforms.Local.MariaDbServer.AdminUserName, password);
    }

    public static Task<MySqlConnection> ConnectAsync(ServerEndpoint endpoint, string user, string password, string? database = null) =>
        SqlSession.OpenAsync(endpoint.Host, endpoint.Port, user, password, database, endpoint.TlsCaCertificatePath);

    public static async Task<long> ScalarAsync(MySqlConnection connection, string sql) =>
        Convert.ToInt64(await connection.ExecuteScalarAsync(sql), CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        var platform = NewPlatform();
        var servers = Path.Combine(Directory, "servers");
        if (System.IO.Directory.Exists(servers))
        {
            foreach (var record in System.IO.Directory.EnumerateFiles(servers, "*.json"))
            {
                await platform.DeleteAsync(Path.GetFileNameWithoutExtension(record), CancellationToken.None);
            }
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
