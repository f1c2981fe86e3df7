using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// <c>openstack database backup …</c> and <c>openstack database instance create … --backup</c> with the real client,
/// by name and by id, ending with the restored rows read back through our MySQL client.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class OpenStackBackupCliTests(ApiHost host)
{
    private const string Project = "zeta";
    private const string Token = "token-zeta-cli-2718";
    private const string User = "dave";
    private const string Password = "Cli-Backup-Secret-66";

    [Fact]
    public async Task OpenStackCli_CreatesListsShowsAndDeletesABackup_AndRestoresItIntoANewInstance()
    {
        host.AddProject(Project, Token);
        var cli = new OpenStackCli(host, Project, Token);
        using var client = host.Client(Project, Token);

        var sourceId = (await cli.JsonAsync(
            "database", "instance", "create", "cli-src", "--flavor", "m1.tiny", "--size", "1", "--datastore", "mysql",
            "--datastore-version", "10.11", "--databases", "shop", "--users", $"{User}:{Password}")).GetProperty("id").GetString()!;
        var source = await ResourcePolling.WaitForStatusAsync(client, "instances", sourceId, "ACTIVE");
        string expected;
        await using (var connection = await InstanceData.OpenAsync(source, User, Password, "shop"))
        {
            await InstanceData.SeedAsync(connection, 2_000);
            expected = await InstanceData.FingerprintAsync(connection);
        }

        // The instance is given by name: the client resolves it through the instance list.
        var created = await cli.JsonAsync("database", "backup", "create", "cli-nightly", "--instance", "cli-src", "--description", "taken by the CLI");
        var backupId = created.GetProperty("id").GetString()!;
        Assert.Equal("cli-nightly", created.GetProperty("name").GetString());
        Assert.Equal(sourceId, created.GetProperty("instance_id").GetString());
        Assert.Equal("taken by the CLI", created.GetProperty("description").GetString());
        Assert.Equal("mysql", created.GetProperty("datastore").GetString());
        Assert.Equal("10.11", created.GetProperty("datastore_version").GetString());
        Assert.Equal("mysql-10.11", created.GetProperty("datastore_version_id").GetString());
        await ResourcePolling.WaitForStatusAsync(client, "backups", backupId, "COMPLETED");
        await ResourcePolling.WaitForStatusAsync(client, "instances", sourceId, "ACTIVE");

        var listed = Assert.Single((await cli.JsonAsync("database", "backup", "list")).EnumerateArray());
        Assert.Equal(backupId, listed.GetProperty("ID").GetString());
        Assert.Equal(sourceId, listed.GetProperty("Instance ID").GetString());
        Assert.Equal("cli-nightly", listed.GetProperty("Name").GetString());
        Assert.Equal("COMPLETED", listed.GetProperty("Status").GetString());
        Assert.Equal(Project, listed.GetProperty("Project ID").GetString());
        Assert.Equal(backupId, Assert.Single((await cli.JsonAsync("database", "backup", "list", "--instance-id", sourceId)).EnumerateArray()).GetProperty("ID").GetString());
        Assert.Equal(backupId, Assert.Single((await cli.JsonAsync("database", "backup", "list", "-i", "cli-src")).EnumerateArray()).GetProperty("ID").GetString());
        Assert.Equal(backupId, Assert.Single((await cli.JsonAsync("database", "backup", "list", "instance", "cli-src")).EnumerateArray()).GetProperty("ID").GetString());

        foreach (var reference in new[] { "cli-nightly", backupId })
        {
            var shown = await cli.JsonAsync("database", "backup", "show", reference);
            Assert.Equal(backupId, shown.GetProperty("id").GetString());
            Assert.Equal("COMPLETED", shown.GetProperty("status").GetString());
            Assert.Equal("mysql-10.11", shown.GetProperty("datastore_version_id").GetString());
            Assert.True(shown.GetProperty("size").GetDouble() > 0);
        }

        var missing = await cli.TryRunAsync("database", "backup", "show", "no-such-backup");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("no-such-backup", missing.Error, StringComparison.Ordinal);

        // The backup is given by name here too: the client looks it up and sends its id as restorePoint.backupRef.
        var restoredId = (await cli.JsonAsync("database", "instance", "create", "cli-restored", "--flavor", "m1.tiny", "--size", "1", "--backup", "cli-nightly"))
            .GetProperty("id").GetString()!;
        var restored = await ResourcePolling.WaitForStatusAsync(client, "instances", restoredId, "ACTIVE");
        await using (var connection = await InstanceData.OpenAsync(restored, User, Password, "shop"))
        {
            Assert.Equal(expected, await InstanceData.FingerprintAsync(connection));
        }

        await cli.RunAsync("database", "backup", "delete", "cli-nightly");
        await ResourcePolling.WaitForGoneAsync(client, "backups", backupId);
        Assert.Empty((await cli.JsonAsync("database", "backup", "list")).EnumerateArray());

        await cli.RunAsync("database", "instance", "delete", "cli-src", "cli-restored");
        await ResourcePolling.WaitForGoneAsync(client, "instances", sourceId);
        await ResourcePolling.WaitForGoneAsync(client, "instances", restoredId);
    }
}
