using Serverless.Testing;
using Xunit;

namespace Serverless.Cli.Tests;

/// <summary><c>dbaas create --replica-of</c>, <c>show</c> with the topology, <c>promote</c>, <c>detach</c>, and their refusals.</summary>
[Collection(CliCollection.Name)]
public sealed class ReplicationCommandTests(ApiHost host)
{
    [Fact]
    public async Task CreateReplicaOf_ShowsTheTopology_Promote_AndDetach_AsAUserDrivesTheCli()
    {
        var source = await RunAsync("create", "cli-primary", "--flavor", "1", "--size", "1", "--database", "shop", "--wait");
        Assert.True(source.ExitCode == 0, source.ToString());
        var replica = await RunAsync("create", "cli-replica", "--replica-of", "cli-primary", "--wait");
        Assert.True(replica.ExitCode == 0, replica.ToString());
        Assert.Equal("ACTIVE", replica.Field("status"));
        Assert.Contains($"cli-primary ({source.Field("id")})", replica.Field("replica_of"), StringComparison.Ordinal);
        Assert.Equal("replica, running", replica.Field("replication"));

        var standalone = await RunAsync("promote", "cli-primary");
        Assert.True(standalone.ExitCode != 0, standalone.ToString());
        ErrorTests.AssertOneErrorLine(standalone);
        Assert.Contains("is not a replica", standalone.Error, StringComparison.Ordinal);

        var promoted = await RunAsync("promote", "cli-replica", "--wait");
        Assert.True(promoted.ExitCode == 0, promoted.ToString());
        Assert.Equal("ACTIVE", promoted.Field("status"));
        Assert.Contains($"cli-primary ({source.Field("id")})", promoted.Field("replicas"), StringComparison.Ordinal);

        var detached = await RunAsync("detach", "cli-primary", "--wait");
        Assert.True(detached.ExitCode == 0, detached.ToString());
        Assert.Equal("ACTIVE", detached.Field("status"));
        Assert.DoesNotContain("replica_of", detached.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("delete", "cli-primary", "--wait")).ExitCode);
        Assert.Equal(0, (await RunAsync("delete", "cli-replica", "--wait")).ExitCode);
    }

    [Fact]
    public async Task Create_WithoutFlavorOrSize_AndWithoutReplicaOf_IsAUsageError()
    {
        var run = await RunAsync("create", "half-made", "--size", "1");

        Assert.True(run.ExitCode != 0, run.ToString());
        ErrorTests.AssertOneErrorLine(run);
        Assert.Contains("--replica-of", run.Error, StringComparison.Ordinal);
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.AgainstAsync(host, args);
}
