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

        var before = await EnvAsync("cli-replica");
        Assert.Equal($"{source.Field("hostname")}:{source.Field("port")}", $"{before["DATABASE_HOST"]}:{before["DATABASE_PORT"]}");
        Assert.Equal($"{replica.Field("hostname")}:{replica.Field("port")}", before["DATABASE_REPLICA_HOSTS"]);
        Assert.Equal($"mysql://{before["DATABASE_HOST"]}:{before["DATABASE_PORT"]}", before["DATABASE_URL"]);

        var standalone = await RunAsync("promote", "cli-primary");
        Assert.True(standalone.ExitCode != 0, standalone.ToString());
        ErrorTests.AssertOneErrorLine(standalone);
        Assert.Contains("is not a replica", standalone.Error, StringComparison.Ordinal);

        var promoted = await RunAsync("promote", "cli-replica", "--wait");
        Assert.True(promoted.ExitCode == 0, promoted.ToString());
        Assert.Equal("ACTIVE", promoted.Field("status"));
        Assert.Contains($"cli-primary ({source.Field("id")})", promoted.Field("replicas"), StringComparison.Ordinal);

        var after = await EnvAsync("cli-primary");
        Assert.Equal($"{replica.Field("hostname")}:{replica.Field("port")}", $"{after["DATABASE_HOST"]}:{after["DATABASE_PORT"]}");
        Assert.Equal($"{source.Field("hostname")}:{source.Field("port")}", after["DATABASE_REPLICA_HOSTS"]);

        var detached = await RunAsync("detach", "cli-primary", "--wait");
        Assert.True(detached.ExitCode == 0, detached.ToString());
        Assert.Equal("ACTIVE", detached.Field("status"));
        Assert.DoesNotContain("replica_of", detached.Out, StringComparison.Ordinal);

        Assert.Equal("", (await EnvAsync("cli-replica"))["DATABASE_REPLICA_HOSTS"]);
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

    private async Task<Dictionary<string, string>> EnvAsync(string instance)
    {
        var run = await RunAsync("env", instance);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
    }

    private Task<CliRun> RunAsync(params string[] args) => CliRun.AgainstAsync(host, args);
}
