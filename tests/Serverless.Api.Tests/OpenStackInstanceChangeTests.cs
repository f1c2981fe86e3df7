using System.Diagnostics;
using System.Text.Json;
using Serverless.Orchestrations.Catalog;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// Instance changes through the real <c>openstack database instance …</c> client: resize flavor and volume (checked on the
/// server itself), rename, access, reset status and force delete, with the bad input a user would try.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenStackInstanceChangeTests(ApiHost host)
{
    private const string Project = "echo";
    private const string Token = "token-echo-change-2468";
    private const string Password = "Change-Secret-71";
    private const long Megabyte = 1024 * 1024;

    [Fact]
    public async Task ResizeRenameAccessResetAndForceDelete_WorkThroughTheOpenStackClient()
    {
        host.AddProject(Project, Token);
        var cli = new OpenStackCli(host, Project, Token);
        using var client = host.Client(Project, Token);
        var id = await CreateAsync(cli, client, "chg-db");
        var otherId = await CreateAsync(cli, client, "chg-other");

        // m1.tiny: 512 MB, 55 % of it in whole 8 MB chunks, 100 connections.
        Assert.Equal(280 * Megabyte, await GlobalAsync(client, id, "innodb_buffer_pool_size"));
        Assert.Equal(100, await GlobalAsync(client, id, "max_connections"));

        var beforeResize = await OperationIdAsync(client, id);
        await cli.RunAsync("database", "instance", "resize", "flavor", "chg-db", "m1.small");

        // The resize may be over before the client's process has exited; whenever show says RESIZE, it still shows the
        // old flavor, and the instance's operation is a completed resize.
        var deadline = Stopwatch.StartNew();
        JsonElement resized;
        while (true)
        {
            using var response = await client.GetAsync($"instances/{id}");
            resized = (await TroveResponse.JsonAsync(response, 200)).GetProperty("instance").Clone();
            var status = resized.GetProperty("status").GetString();
            if (status == "RESIZE")
            {
                Assert.Equal("1", resized.GetProperty("flavor").GetProperty("id").GetString());
            }
            else if (status == "ACTIVE" && resized.GetProperty("operation_id").GetString() != beforeResize)
            {
                break;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromMinutes(3), $"The resize did not end within 3 minutes: {resized}");
            await Task.Delay(100);
        }

        Assert.Equal("2", resized.GetProperty("flavor").GetProperty("id").GetString());
        // The instance shows ACTIVE one step before the operation records its end: wait for that record, with a deadline.
        var resizeId = resized.GetProperty("operation_id").GetString()!;
        var resize = await host.Instances.GetOperationAsync(Project, resizeId, CancellationToken.None);
        while (resize.Status == OperationStatus.Running && deadline.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(100);
            resize = await host.Instances.GetOperationAsync(Project, resizeId, CancellationToken.None);
        }

        Assert.Equal(OperationKind.Resize, resize.Kind);
        Assert.Equal(OperationStatus.Completed, resize.Status);
        Assert.Equal(1120 * Megabyte, await GlobalAsync(client, id, "innodb_buffer_pool_size"));
        Assert.Equal(200, await GlobalAsync(client, id, "max_connections"));

        await cli.RunAsync("database", "instance", "resize", "volume", "chg-db", "2");
        var grown = await ResourcePolling.WaitForStatusAsync(client, "instances", id, "ACTIVE");
        Assert.Equal(2, grown.GetProperty("volume").GetProperty("size").GetInt32());

        var shrink = await cli.TryRunAsync("database", "instance", "resize", "volume", "chg-db", "1");
        Assert.NotEqual(0, shrink.ExitCode);
        Assert.Contains("The volume can only grow", shrink.Error, StringComparison.Ordinal);
        Assert.Contains("(HTTP 400)", shrink.Error, StringComparison.Ordinal);
        var unknownFlavor = await cli.TryRunAsync("database", "instance", "resize", "flavor", "chg-db", "m9.huge");
        Assert.NotEqual(0, unknownFlavor.ExitCode);
        Assert.Contains("m9.huge", unknownFlavor.Error, StringComparison.Ordinal);
        var sameFlavor = await cli.TryRunAsync("database", "instance", "resize", "flavor", "chg-db", "m1.small");
        Assert.Contains("already has flavor m1.small", sameFlavor.Error, StringComparison.Ordinal);

        await cli.RunAsync("database", "instance", "update", id, "--name", "chg-renamed");
        Assert.Equal(id, (await cli.JsonAsync("database", "instance", "show", "chg-renamed")).GetProperty("id").GetString());
        var taken = await cli.TryRunAsync("database", "instance", "update", id, "--name", "chg-other");
        Assert.NotEqual(0, taken.ExitCode);
        Assert.Contains("already has an instance named 'chg-other'", taken.Error, StringComparison.Ordinal);
        Assert.Contains("(HTTP 409)", taken.Error, StringComparison.Ordinal);

        // The old name is free again: the other instance can take it.
        await cli.RunAsync("database", "instance", "update", otherId, "--name", "chg-db");

        await cli.RunAsync("database", "instance", "update", id, "--is-public", "--allowed-cidr", "10.0.0.0/8", "--allowed-cidr", "192.168.0.0/16");
        await AssertAccessAsync(client, id, isPublic: true, "10.0.0.0/8", "192.168.0.0/16");

        // Only the field the user names changes (Trove would make the instance private here).
        await cli.RunAsync("database", "instance", "update", id, "--allowed-cidr", "10.1.0.0/16");
        await AssertAccessAsync(client, id, isPublic: true, "10.1.0.0/16");

        // Each update gives the server its access in an `access` operation (firewall rules on Azure; nothing to filter on
        // one machine), which completes without taking the instance.
        using (var operations = await client.GetAsync($"instances/{id}/operations"))
        {
            var accessOperations = (await TroveResponse.JsonAsync(operations, 200)).GetProperty("operations").EnumerateArray()
                .Where(o => o.GetProperty("kind").GetString() == OperationKind.Access).Select(o => o.GetProperty("id").GetString()!).ToList();
            Assert.Equal(2, accessOperations.Count);
            foreach (var operationId in accessOperations)
            {
                await ResourcePolling.WaitForStatusAsync(client, "operations", operationId, "COMPLETED");
            }
        }

        Assert.Equal("ACTIVE", (await cli.JsonAsync("database", "instance", "show", id)).GetProperty("status").GetString());
        var badCidr = await cli.TryRunAsync("database", "instance", "update", id, "--allowed-cidr", "300.1.1.1/8");
        Assert.Contains("'300.1.1.1/8' is not an IPv4 network", badCidr.Error, StringComparison.Ordinal);
        Assert.Contains("(HTTP 400)", badCidr.Error, StringComparison.Ordinal);

        await cli.RunAsync("database", "instance", "reset", "status", "chg-db");
        var reset = await cli.JsonAsync("database", "instance", "show", otherId);
        Assert.Equal("ERROR", reset.GetProperty("status").GetString());
        var resetOperation = await host.Instances.GetOperationAsync(Project, await OperationIdAsync(client, otherId), CancellationToken.None);
        Assert.Equal(OperationKind.ResetStatus, resetOperation.Kind);
        Assert.Contains("Reset from ACTIVE; nothing was running.", resetOperation.Note, StringComparison.Ordinal);

        await cli.RunAsync("database", "instance", "force", "delete", "chg-db");
        await ResourcePolling.WaitForGoneAsync(client, "instances", otherId);
        await cli.RunAsync("database", "instance", "delete", "chg-renamed");
        await ResourcePolling.WaitForGoneAsync(client, "instances", id);
    }

    [Fact]
    public async Task ForceDelete_RemovesAnInstanceStillInBuild_AndLeavesNoServerBehind()
    {
        host.AddProject(Project, Token);
        using var client = host.Client(Project, Token);

        // The two requests of `openstack database instance force delete`, sent at once so that the create is surely still running.
        using var created = await client.PostAsync("instances", TroveResponse.Body(
            """{"instance": {"name": "chg-building", "flavorRef": "1", "volume": {"size": 1}, "datastore": {"type": "mysql", "version": "10.11"}}}"""));
        var instance = (await TroveResponse.JsonAsync(created, 200)).GetProperty("instance");
        var id = instance.GetProperty("id").GetString()!;
        var createOperation = instance.GetProperty("operation_id").GetString()!;
        using (var reset = await client.PostAsync($"instances/{id}/action", TroveResponse.Body("""{"reset_status": {}}""")))
        {
            Assert.Equal(202, (int)reset.StatusCode);
        }

        var resetOperation = await host.Instances.GetOperationAsync(Project, await OperationIdAsync(client, id), CancellationToken.None);
        Assert.StartsWith($"Reset from BUILD; interrupted the create operation {createOperation}", resetOperation.Note, StringComparison.Ordinal);
        using (var delete = await client.DeleteAsync($"instances/{id}"))
        {
            Assert.Equal(202, (int)delete.StatusCode);
        }

        await ResourcePolling.WaitForGoneAsync(client, "instances", id);
        var interrupted = await host.Instances.GetOperationAsync(Project, createOperation, CancellationToken.None);
        Assert.Equal(OperationStatus.Failed, interrupted.Status);
        Assert.Contains("the instance's status was reset", interrupted.Error, StringComparison.Ordinal);

        // A provisioning step still in flight when the create was interrupted must not leave a server running.
        var clock = Stopwatch.StartNew();
        while (ServerProcessesOf(id).Count > 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"mariadbd of {id} still runs: {string.Join(", ", ServerProcessesOf(id))}");
            await Task.Delay(250);
        }
    }

    private static async Task<string> CreateAsync(OpenStackCli cli, HttpClient client, string name)
    {
        var created = await cli.JsonAsync(
            "database", "instance", "create", name, "--flavor", "m1.tiny", "--size", "1", "--datastore", "mysql",
            "--datastore-version", "10.11", "--databases", "app", "--users", $"app:{Password}");
        var id = created.GetProperty("id").GetString()!;
        await ResourcePolling.WaitForStatusAsync(client, "instances", id, "ACTIVE");
        return id;
    }

    private static async Task<long> GlobalAsync(HttpClient client, string id, string variable) =>
        await InstanceData.GlobalVariableAsync(await ResourcePolling.WaitForStatusAsync(client, "instances", id, "ACTIVE"), "app", Password, variable);

    private static async Task AssertAccessAsync(HttpClient client, string id, bool isPublic, params string[] cidrs)
    {
        using var response = await client.GetAsync($"instances/{id}");
        var access = (await TroveResponse.JsonAsync(response, 200)).GetProperty("instance").GetProperty("access");
        Assert.Equal(isPublic, access.GetProperty("is_public").GetBoolean());
        Assert.Equal(cidrs, access.GetProperty("allowed_cidrs").EnumerateArray().Select(c => c.GetString()!).ToArray());
    }

    private static async Task<string> OperationIdAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync($"instances/{id}");
        return (await TroveResponse.JsonAsync(response, 200)).GetProperty("instance").GetProperty("operation_id").GetString()!;
    }

    private static List<int> ServerProcessesOf(string instanceId)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (commandLine.Contains("mariadbd", StringComparison.Ordinal) && commandLine.Contains(instanceId, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile.
            }
        }

        return found;
    }
}
