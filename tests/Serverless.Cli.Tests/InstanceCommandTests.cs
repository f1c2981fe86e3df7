using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Cli.Tests;

[Collection(CliCollection.Name)]
public sealed class InstanceCommandTests(ApiHost host)
{
    private const string Password = "Cli-Secret-Pass-42";

    private readonly List<CliRun> _runs = [];

    [Fact]
    public async Task Create_List_Show_Restart_Delete_AsAUserDrivesTheCli()
    {
        // create --wait: shows each step on stderr and ends with the ACTIVE instance on stdout.
        var created = await RunAsync(
            "create", "cli-orders", "--flavor", "1", "--size", "1", "--datastore", "mysql", "--datastore-version", "10.11",
            "--database", "orders", "--user", $"app:{Password}@%:orders", "--user", $"reader:{Password}", "--wait");
        Assert.True(created.ExitCode == 0, created.ToString());
        var progress = created.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(progress.Length >= 2, created.ToString());
        Assert.All(progress, line => Assert.Matches(@"^\[[#-]{20}\]\s+\d{1,3}% create: \S", line));
        Assert.EndsWith("100% create: " + progress[^1].Split(": ", 2)[1], progress[^1], StringComparison.Ordinal);
        Assert.EndsWith(" COMPLETED", progress[^1], StringComparison.Ordinal);
        Assert.Matches(@"(?m)^status\s+ACTIVE$", created.Out);
        var id = created.Field("id");

        // A taken name is a conflict.
        var duplicate = await RunAsync("create", "cli-orders", "--flavor", "1", "--size", "1", "--user", $"app:{Password}");
        Assert.True(duplicate.ExitCode == 4, duplicate.ToString());
        ErrorTests.AssertOneErrorLine(duplicate);

        var list = await RunAsync("list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Matches(@"^ID\s+Name\s+Datastore\s+Version\s+Status", list.Out);
        Assert.Contains(list.Out.Split('\n'), line => line.StartsWith(id, StringComparison.Ordinal) && line.Contains("cli-orders", StringComparison.Ordinal) && line.Contains("ACTIVE", StringComparison.Ordinal));

        var listJson = await RunAsync("list", "--json");
        using (var document = JsonDocument.Parse(listJson.Out))
        {
            Assert.Contains(document.RootElement.EnumerateArray(), instance => instance.GetProperty("id").GetString() == id);
        }

        // show resolves a name as the openstack client does.
        var shown = await RunAsync("show", "cli-orders", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        using (var document = JsonDocument.Parse(shown.Out))
        {
            var instance = document.RootElement;
            Assert.Equal(id, instance.GetProperty("id").GetString());
            Assert.Equal("ACTIVE", instance.GetProperty("status").GetString());
            Assert.Equal("mysql", instance.GetProperty("datastore").GetProperty("type").GetString());
            Assert.InRange(instance.GetProperty("port").GetInt32(), 1, 65535);

            // A user given without databases gets the request's databases, as with the openstack client.
            await using var reader = await Serverless.Testing.SqlSession.OpenAsync(
                instance.GetProperty("hostname").GetString()!, instance.GetProperty("port").GetInt32(), "reader", Password, "orders");
            Assert.Equal("orders", await Serverless.Testing.SqlSession.ExecuteScalarAsync(reader, "SELECT DATABASE()"));
        }

        var restarted = await RunAsync("restart", "cli-orders", "--wait");
        Assert.True(restarted.ExitCode == 0, restarted.ToString());
        Assert.Contains("restart: ", restarted.Error, StringComparison.Ordinal);
        Assert.EndsWith(" COMPLETED", restarted.Error.TrimEnd(), StringComparison.Ordinal);
        Assert.Matches(@"(?m)^status\s+ACTIVE$", restarted.Out);

        var deleted = await RunAsync("delete", id, "--wait");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Contains($"Deleted instance 'cli-orders' ({id}).", deleted.Out, StringComparison.Ordinal);

        var gone = await RunAsync("show", "cli-orders");
        Assert.True(gone.ExitCode == 3, gone.ToString());
        ErrorTests.AssertOneErrorLine(gone);
        Assert.Contains("cli-orders", gone.Error, StringComparison.Ordinal);

        Assert.All(_runs, run => Assert.DoesNotContain(Password, run.Out + run.Error, StringComparison.Ordinal));
    }

    private async Task<CliRun> RunAsync(params string[] args)
    {
        var run = await CliRun.AgainstAsync(host, args);
        _runs.Add(run);
        return run;
    }
}
