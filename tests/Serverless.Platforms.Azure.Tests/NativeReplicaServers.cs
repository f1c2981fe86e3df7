using Serverless.DataPlane;
using Serverless.DataPlane.Replication;
using Serverless.Platforms.Local;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// The SQL side of an Azure source and its native read replica: two MariaDB servers, the second replicating from the
/// first as Azure would have set it up, so that the orchestrations' health and catch-up reads run against real servers.
/// </summary>
public sealed class NativeReplicaServers : IAsyncLifetime
{
    private MariaDbServer? _source;
    private MariaDbServer? _replica;

    public MariaDbServer Source => _source ?? throw new InvalidOperationException("Not started.");

    public MariaDbServer Replica => _replica ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        _source = await MariaDbServer.StartAsync(new MariaDbServerOptions { Name = "azure-native-source", ServerId = 1, EnableTls = true }, CancellationToken.None);
        _replica = await MariaDbServer.StartAsync(new MariaDbServerOptions { Name = "azure-native-replica", ServerId = 2, EnableTls = true }, CancellationToken.None);
        var account = new ReplicationAccount("azure_repl", "Repl-Pass-" + Guid.NewGuid().ToString("N")[..12]);
        await MariaDbReplication.EnsureAccountAsync(ConnectionTo(Source), account, CancellationToken.None);
        await MariaDbReplication.ReplicateFromAsync(ConnectionTo(Replica), ConnectionTo(Source), account, databases: null, CancellationToken.None);
        await MariaDbReplication.WaitUntilRunningAsync(ConnectionTo(Replica), TimeSpan.FromSeconds(60), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_replica is not null)
        {
            await _replica.DisposeAsync();
        }

        if (_source is not null)
        {
            await _source.DisposeAsync();
        }
    }

    /// <summary>The admin access of a server, its password under <paramref name="secretId"/>.</summary>
    internal static ServerAdminAccess AccessOf(MariaDbServer server, string secretId) =>
        new(server.Host, server.Port, server.AdminUser, secretId, File.ReadAllText(server.TlsCaCertificatePath!));

    internal static ServerConnection ConnectionTo(MariaDbServer server) =>
        new(server.Host, server.Port, server.AdminUser, server.AdminPassword, File.ReadAllText(server.TlsCaCertificatePath!));
}
