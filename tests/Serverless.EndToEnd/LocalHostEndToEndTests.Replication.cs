using Xunit;

namespace Serverless.EndToEnd;

/// <summary>Trove's replica walkthrough with the legacy <c>trove</c> client (docs/trove-clients.md §4).</summary>
public sealed partial class LocalHostEndToEndTests
{
    [Fact]
    public async Task LegacyTroveClient_CreatesAReplicaWithReplicaOf_AndPromotesIt()
    {
        await _clients.TroveAsync("create", "e2e-src", "m1.tiny", "--size", "1", "--datastore", "mysql", "--datastore_version", "10.11",
            "--databases", "appdb", "--users", $"{AppUser}:{AppPassword}");
        var sourceId = LocalHostClients.Property(await ShowWhenActiveAsync("e2e-src"), "id");

        // The legacy client always sends the flavor; a replica takes its source's (docs/trove-api.md §7).
        var created = await _clients.TroveAsync("create", "e2e-rep", "m1.tiny", "--replica_of", "e2e-src");
        output.WriteLine(created.StandardOutput);
        var replica = await ShowWhenActiveAsync("e2e-rep");
        var replicaId = LocalHostClients.Property(replica, "id");
        Assert.Equal(sourceId, LocalHostClients.Property(replica, "replica_of"));
        Assert.Equal(replicaId, LocalHostClients.Property(await ShowWhenActiveAsync("e2e-src"), "replicas"));

        await _clients.TroveAsync("promote-to-replica-source", "e2e-rep");
        var promoted = await LocalHostClients.WaitUntilAsync(
            async () => (await _clients.TroveAsync("show", "e2e-rep")).StandardOutput,
            ActiveTimeout,
            ready: shown => shown.Contains(sourceId, StringComparison.Ordinal) && LocalHostClients.Property(shown, "status") is "ACTIVE" or "ERROR");
        output.WriteLine(promoted);
        Assert.Equal(("ACTIVE", sourceId), (LocalHostClients.Property(promoted, "status"), LocalHostClients.Property(promoted, "replicas")));
        var demoted = await ShowWhenActiveAsync("e2e-src");
        Assert.Equal(replicaId, LocalHostClients.Property(demoted, "replica_of"));

        // A standalone cannot be promoted: the client prints the fault and exits non-zero.
        var refused = await _clients.TroveFailingAsync("promote-to-replica-source", "e2e-rep");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("is not a replica", refused.StandardError + refused.StandardOutput, StringComparison.Ordinal);
    }

    private Task<string> ShowWhenActiveAsync(string name) =>
        LocalHostClients.WaitUntilAsync(
            async () => (await _clients.TroveAsync("show", name)).StandardOutput,
            ActiveTimeout,
            ready: shown => LocalHostClients.Property(shown, "status") is "ACTIVE" or "ERROR");
}
