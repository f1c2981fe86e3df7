using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Tests.Instances;
using Serverless.Platforms;
using Serverless.Testing;
using Xunit;

namespace Serverless.Orchestrations.Tests.Replication;

/// <summary>Re-sync of a replica whose server is down: the re-sync starts it, then rebuilds it.</summary>
public sealed partial class ReplicationTests
{
    [Fact]
    public async Task Resync_OfAReplicaWhoseServerDied_StartsTheServer_AndRebuildsTheReplica_KeepingItsAddress()
    {
        const string project = "resync-dead";
        var (source, _, replica) = await CreateActiveReplicaAsync(project, rows: 500, "crashed");

        // The replica's server dies as a crash would (SIGKILL), and the source moves on meanwhile.
        await KillServerAsync(replica.Id);

        await using (var connection = await InstanceHarness.ConnectAsync(source, "appuser", UserPassword, "appdb"))
        {
            await connection.ExecuteAsync("UPDATE items SET name = 'while the replica was down' WHERE id <= 10");
        }

        // The platform says why the server is not running: killed by signal 9, with the end of its error log.
        Assert.Equal(ServerState.Failed, (await harness.Platform.GetStatusAsync(replica.Id, CancellationToken.None)).State);
        var down = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Platform.GetAdminAccessAsync(replica.Id, CancellationToken.None));
        Assert.Contains("exited with code 137 (signal 9)", down.Message, StringComparison.Ordinal);
        Assert.Contains("error log", down.Message, StringComparison.Ordinal);

        await ResyncAndAssertRebuiltAsync(project, source, replica);
        Assert.Equal(ServerState.Running, (await harness.Platform.GetStatusAsync(replica.Id, CancellationToken.None)).State);
    }
}
