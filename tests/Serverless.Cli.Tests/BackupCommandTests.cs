using System.Text.Json;
using MySqlConnector;
using Serverless.Testing;
using Xunit;

namespace Serverless.Cli.Tests;

[Collection(CliCollection.Name)]
public sealed class BackupCommandTests(ApiHost host)
{
    private const string Password = "Cli-Backup-Pass-77";
    private const int Rows = 500;

    private readonly List<CliRun> _runs = [];

    [Fact]
    public async Task BackupCreate_List_Show_Restore_Delete_AsAUserDrivesTheCli()
    {
        var source = await RunAsync(
            "create", "cli-shop", "--flavor", "1", "--size", "1", "--database", "shop", "--user", $"app:{Password}", "--wait");
        Assert.True(source.ExitCode == 0, source.ToString());
        var sourceId = source.Field("id");
        await using (var connection = await OpenAsync(source))
        {
            await connection.ExecuteAsync("CREATE TABLE shop.orders (id INT PRIMARY KEY, item VARCHAR(40) NOT NULL)");
            await connection.ExecuteAsync($"INSERT INTO shop.orders SELECT seq, CONCAT('item-', seq) FROM seq_1_to_{Rows}");
        }

        // backup-create --wait: progress on stderr, the COMPLETED backup on stdout.
        var created = await RunAsync("backup-create", "nightly", "--instance", "cli-shop", "--description", "before the upgrade", "--wait");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.EndsWith(" COMPLETED", created.Error.TrimEnd(), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^status\s+COMPLETED$", created.Out);
        Assert.Matches(@"(?m)^description\s+before the upgrade$", created.Out);
        Assert.Matches(@"(?m)^size\s+[0-9.]+ GB$", created.Out);
        Assert.Equal(sourceId, created.Field("instance_id"));
        var backupId = created.Field("id");

        var list = await RunAsync("backup-list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches(@"^ID\s+Instance ID\s+Name\s+Status", list.Out);
        Assert.Contains(list.Out.Split('\n'), line => line.StartsWith(backupId, StringComparison.Ordinal) && line.Contains("nightly", StringComparison.Ordinal) && line.Contains("COMPLETED", StringComparison.Ordinal));

        var ofInstance = await RunAsync("backup-list", "--instance", "cli-shop", "--json");
        Assert.True(ofInstance.ExitCode == 0, ofInstance.ToString());
        using (var document = JsonDocument.Parse(ofInstance.Out))
        {
            var backup = Assert.Single(document.RootElement.EnumerateArray());
            Assert.Equal(backupId, backup.GetProperty("id").GetString());
        }

        // backup-show resolves a name as the openstack client does.
        var shown = await RunAsync("backup-show", "nightly", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        using (var document = JsonDocument.Parse(shown.Out))
        {
            var backup = document.RootElement;
            Assert.Equal(backupId, backup.GetProperty("id").GetString());
            Assert.Equal("COMPLETED", backup.GetProperty("status").GetString());
            Assert.Equal(sourceId, backup.GetProperty("instance_id").GetString());
            Assert.Equal("mysql", backup.GetProperty("datastore").GetProperty("type").GetString());
            Assert.True(backup.GetProperty("size").GetDouble() > 0, shown.ToString());
            Assert.False(string.IsNullOrEmpty(backup.GetProperty("locationRef").GetString()), shown.ToString());
        }

        // A backup of an instance that a backup already keeps busy is a conflict.
        var second = await RunAsync("backup-create", "second", "--instance", sourceId);
        Assert.True(second.ExitCode == 0, second.ToString());
        var busy = await RunAsync("backup-create", "third", "--instance", sourceId);
        Assert.True(busy.ExitCode == 4, busy.ToString());
        ErrorTests.AssertOneErrorLine(busy);
        await WaitForCompletedAsync("second");

        // create --backup restores the rows and the accounts into a new instance.
        var restored = await RunAsync("create", "cli-shop-copy", "--flavor", "1", "--size", "1", "--backup", "nightly", "--wait");
        Assert.True(restored.ExitCode == 0, restored.ToString());
        Assert.Matches(@"(?m)^status\s+ACTIVE$", restored.Out);
        await using (var connection = await OpenAsync(restored))
        {
            Assert.Equal((long)Rows, Convert.ToInt64(await connection.ExecuteScalarAsync("SELECT COUNT(*) FROM shop.orders")));
        }

        var deleted = await RunAsync("backup-delete", "nightly");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains($"Deleting backup 'nightly' ({backupId}).", deleted.Out, StringComparison.Ordinal);
        var gone = await RunAsync("backup-show", backupId);
        Assert.True(gone.ExitCode == 3, gone.ToString());
        ErrorTests.AssertOneErrorLine(gone);

        Assert.Equal(0, (await RunAsync("backup-delete", "second")).ExitCode);
        Assert.Equal(0, (await RunAsync("delete", "cli-shop-copy", "--wait")).ExitCode);
        Assert.Equal(0, (await RunAsync("delete", "cli-shop", "--wait")).ExitCode);
        Assert.All(_runs, run => Assert.DoesNotContain(Password, run.Out + run.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task IncrementalBackup_AndRestoreToAPointInTime_ThroughTheCli()
    {
        var source = await RunAsync("create", "cli-chain", "--flavor", "1", "--size", "1", "--database", "shop", "--user", $"app:{Password}", "--wait");
        Assert.True(source.ExitCode == 0, source.ToString());
        await using (var connection = await OpenAsync(source))
        {
            await connection.ExecuteAsync("CREATE TABLE shop.ticks (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME NOT NULL)");
            await connection.ExecuteAsync("INSERT INTO shop.ticks (at) VALUES (UTC_TIMESTAMP())");
        }

        var full = await RunAsync("backup-create", "chain-full", "--instance", "cli-chain", "--wait");
        Assert.True(full.ExitCode == 0, full.ToString());

        // Rows in two different seconds; the restore stops at the first one.
        DateTimeOffset cut;
        await using (var connection = await OpenAsync(source))
        {
            await NextSecondAsync();
            await connection.ExecuteAsync("INSERT INTO shop.ticks (at) VALUES (UTC_TIMESTAMP()), (UTC_TIMESTAMP())");
            cut = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            await NextSecondAsync();
            await connection.ExecuteAsync("INSERT INTO shop.ticks (at) VALUES (UTC_TIMESTAMP())");
        }

        var incremental = await RunAsync("backup-create", "chain-inc", "--instance", "cli-chain", "--incremental", "--wait");
        Assert.True(incremental.ExitCode == 0, incremental.ToString());
        Assert.Equal(full.Field("id"), incremental.Field("parent_id"));
        Assert.Equal("incremental", incremental.Field("kind"));
        var list = await RunAsync("backup-list");
        Assert.Matches(@"^ID\s+Instance ID\s+Name\s+Status\s+Size \(GB\)\s+Parent ID\s+Chain\s+Covered from\s+Covered to", list.Out);

        var restored = await RunAsync(
            "create", "cli-chain-pitr", "--flavor", "1", "--size", "1", "--backup", "chain-inc",
            "--restore-time", cut.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), "--wait");
        Assert.True(restored.ExitCode == 0, restored.ToString());
        await using (var connection = await OpenAsync(restored))
        {
            Assert.Equal(3L, Convert.ToInt64(await connection.ExecuteScalarAsync("SELECT COUNT(*) FROM shop.ticks")));
        }

        var outside = await RunAsync("create", "never", "--flavor", "1", "--size", "1", "--backup", "chain-inc", "--restore-time", "2001-01-01T00:00:00Z");
        Assert.NotEqual(0, outside.ExitCode);
        ErrorTests.AssertOneErrorLine(outside);
        Assert.Contains("outside what backup", outside.Error, StringComparison.Ordinal);
        var noBackup = await RunAsync("create", "never", "--flavor", "1", "--size", "1", "--restore-time", "2001-01-01T00:00:00Z");
        Assert.NotEqual(0, noBackup.ExitCode);
        ErrorTests.AssertOneErrorLine(noBackup);

        Assert.Equal(0, (await RunAsync("delete", "cli-chain-pitr", "--wait")).ExitCode);
        Assert.Equal(0, (await RunAsync("delete", "cli-chain", "--wait")).ExitCode);
    }

    [Theory]
    [InlineData("backup-show", "no-such-backup")]
    [InlineData("backup-delete", "no-such-backup")]
    [InlineData("backup-create", "orphan", "--instance", "no-such-instance")]
    [InlineData("create", "never-made", "--flavor", "1", "--size", "1", "--backup", "no-such-backup")]
    public async Task UnknownBackupOrInstance_Exits3_WithOneLineNamingIt(params string[] args)
    {
        var run = await CliRun.AgainstAsync(host, args);

        Assert.True(run.ExitCode == 3, run.ToString());
        ErrorTests.AssertOneErrorLine(run);
        Assert.Contains(args.First(arg => arg.StartsWith("no-such-", StringComparison.Ordinal)), run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    private static async Task NextSecondAsync()
    {
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() == start)
        {
            await Task.Delay(10);
        }
    }

    private async Task<CliRun> RunAsync(params string[] args)
    {
        var run = await CliRun.AgainstAsync(host, args);
        _runs.Add(run);
        return run;
    }

    private async Task WaitForCompletedAsync(string backup)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            var shown = await RunAsync("backup-show", backup);
            Assert.True(shown.ExitCode == 0, shown.ToString());
            if (shown.Field("status") == "COMPLETED")
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), timeout.Token);
        }
    }

    // Connects as the instance's user, to its database, on the instance a create printed.
    private static Task<MySqlConnection> OpenAsync(CliRun instance) => SqlSession.OpenAsync(
        instance.Field("hostname"), int.Parse(instance.Field("port"), System.Globalization.CultureInfo.InvariantCulture), "app", Password, "shop");
}
