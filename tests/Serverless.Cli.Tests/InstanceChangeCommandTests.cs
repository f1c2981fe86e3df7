using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Cli.Tests;

/// <summary><c>dbaas resize</c>, <c>rename</c>, <c>access</c> and <c>force-delete</c> as a user drives them.</summary>
[Collection(CliCollection.Name)]
public sealed class InstanceChangeCommandTests(ApiHost host)
{
    private const string Password = "Cli-Change-Pass-17";

    [Fact]
    public async Task Resize_Rename_Access_ForceDelete()
    {
        var created = await CliRun.AgainstAsync(host, "create", "cli-change", "--flavor", "1", "--size", "1", "--user", $"app:{Password}", "--wait");
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = created.Field("id");

        var resized = await CliRun.AgainstAsync(host, "resize", "cli-change", "--flavor", "m1.small", "--wait", "--json");
        Assert.True(resized.ExitCode == 0, resized.ToString());
        using (var document = JsonDocument.Parse(resized.Out))
        {
            Assert.Equal("2", document.RootElement.GetProperty("flavor").GetProperty("id").GetString());
            Assert.Equal("ACTIVE", document.RootElement.GetProperty("status").GetString());
        }

        var shrink = await CliRun.AgainstAsync(host, "resize", "cli-change", "--size", "1");
        Assert.NotEqual(0, shrink.ExitCode);
        ErrorTests.AssertOneErrorLine(shrink);
        Assert.Contains("can only grow", shrink.Error, StringComparison.Ordinal);

        var renamed = await CliRun.AgainstAsync(host, "rename", "cli-change", "cli-changed");
        Assert.True(renamed.ExitCode == 0, renamed.ToString());
        var access = await CliRun.AgainstAsync(host, "access", "cli-changed", "--public", "--allowed-cidr", "10.0.0.0/8", "--json");
        Assert.True(access.ExitCode == 0, access.ToString());
        using (var document = JsonDocument.Parse(access.Out))
        {
            Assert.Equal(id, document.RootElement.GetProperty("id").GetString());
            Assert.Equal("cli-changed", document.RootElement.GetProperty("name").GetString());
            Assert.True(document.RootElement.GetProperty("access").GetProperty("is_public").GetBoolean());
            Assert.Equal("10.0.0.0/8", document.RootElement.GetProperty("access").GetProperty("allowed_cidrs")[0].GetString());
        }

        var deleted = await CliRun.AgainstAsync(host, "force-delete", "cli-changed", "--wait");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        var gone = await CliRun.AgainstAsync(host, "show", id);
        Assert.NotEqual(0, gone.ExitCode);
    }

    [Fact]
    public async Task ConfigurationGroup_Create_List_Show_Delete_AndBadValues()
    {
        var bad = await CliRun.AgainstAsync(host, "configuration-create", "cli-bad", "{max_connections: 300");
        Assert.NotEqual(0, bad.ExitCode);
        ErrorTests.AssertOneErrorLine(bad);
        var outOfRange = await CliRun.AgainstAsync(host, "configuration-create", "cli-bad", "{\"max_connections\": -5}");
        Assert.NotEqual(0, outOfRange.ExitCode);
        ErrorTests.AssertOneErrorLine(outOfRange);
        Assert.Contains("max_connections", outOfRange.Error, StringComparison.Ordinal);

        var created = await CliRun.AgainstAsync(
            host, "configuration-create", "cli-tuned", "{\"max_connections\": 321, \"wait_timeout\": 600}", "--description", "from the CLI test", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        string id;
        using (var document = JsonDocument.Parse(created.Out))
        {
            id = document.RootElement.GetProperty("id").GetString()!;
            Assert.Equal("cli-tuned", document.RootElement.GetProperty("name").GetString());
        }

        var listed = await CliRun.AgainstAsync(host, "configuration-list");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains(id, listed.Out, StringComparison.Ordinal);
        Assert.Contains("from the CLI test", listed.Out, StringComparison.Ordinal);

        var shown = await CliRun.AgainstAsync(host, "configuration-show", "cli-tuned", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        using (var document = JsonDocument.Parse(shown.Out))
        {
            Assert.Equal(id, document.RootElement.GetProperty("id").GetString());
            Assert.Equal(321, document.RootElement.GetProperty("values").GetProperty("max_connections").GetInt32());
        }

        var merged = await CliRun.AgainstAsync(host, "configuration-update", "cli-tuned", "--values", "{\"wait_timeout\": 900, \"slow_query_log\": true}", "--json");
        Assert.True(merged.ExitCode == 0, merged.ToString());
        using (var document = JsonDocument.Parse(merged.Out))
        {
            var values = document.RootElement.GetProperty("values");
            Assert.Equal(321, values.GetProperty("max_connections").GetInt32());
            Assert.Equal(900, values.GetProperty("wait_timeout").GetInt32());
            Assert.True(values.GetProperty("slow_query_log").GetBoolean());
        }

        var replaced = await CliRun.AgainstAsync(host, "configuration-update", id, "--values", "{\"wait_timeout\": 700}", "--replace", "--json");
        Assert.True(replaced.ExitCode == 0, replaced.ToString());
        using (var document = JsonDocument.Parse(replaced.Out))
        {
            var values = document.RootElement.GetProperty("values");
            Assert.Equal(700, values.GetProperty("wait_timeout").GetInt32());
            Assert.Equal(["wait_timeout"], values.EnumerateObject().Select(p => p.Name));
        }

        foreach (var wrong in new[] { "{\"wait_timeout\": 0}", "{\"no_such_knob\": 1}", "[1]" })
        {
            var refused = await CliRun.AgainstAsync(host, "configuration-update", "cli-tuned", "--values", wrong);
            Assert.NotEqual(0, refused.ExitCode);
            ErrorTests.AssertOneErrorLine(refused);
        }

        var missing = await CliRun.AgainstAsync(host, "configuration-update", "no-such-group", "--values", "{\"wait_timeout\": 5}");
        Assert.NotEqual(0, missing.ExitCode);
        ErrorTests.AssertOneErrorLine(missing);
        var unchanged = await CliRun.AgainstAsync(host, "configuration-show", "cli-tuned", "--json");
        using (var document = JsonDocument.Parse(unchanged.Out))
        {
            Assert.Equal(700, document.RootElement.GetProperty("values").GetProperty("wait_timeout").GetInt32());
        }

        var deleted = await CliRun.AgainstAsync(host, "configuration-delete", "cli-tuned");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        var gone = await CliRun.AgainstAsync(host, "configuration-show", id);
        Assert.NotEqual(0, gone.ExitCode);
        ErrorTests.AssertOneErrorLine(gone);
    }

    [Fact]
    public async Task ConfigurationParameters_ListsTheCatalog_AndShowsOne_OrSaysWhatIsUnknown()
    {
        var listed = await CliRun.AgainstAsync(host, "configuration-parameters");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("max_connections", listed.Out, StringComparison.Ordinal);
        Assert.Contains("performance_schema", listed.Out, StringComparison.Ordinal);

        var json = await CliRun.AgainstAsync(host, "configuration-parameters", "--datastore", "mysql", "--datastore-version", "10.11", "--json");
        Assert.True(json.ExitCode == 0, json.ToString());
        using (var document = JsonDocument.Parse(json.Out))
        {
            var parameters = document.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("name").GetString()!);
            Assert.True(parameters["performance_schema"].GetProperty("restart_required").GetBoolean());
            Assert.False(parameters["wait_timeout"].GetProperty("restart_required").GetBoolean());
            Assert.Equal(10, parameters["max_connections"].GetProperty("min").GetInt32());
        }

        var one = await CliRun.AgainstAsync(host, "configuration-parameters", "--name", "max_connections", "--json");
        Assert.True(one.ExitCode == 0, one.ToString());
        using (var document = JsonDocument.Parse(one.Out))
        {
            Assert.Equal("integer", document.RootElement.GetProperty("type").GetString());
            Assert.Equal(100_000, document.RootElement.GetProperty("max").GetInt32());
        }

        var table = await CliRun.AgainstAsync(host, "configuration-parameters", "--name", "collation_server");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("utf8mb4_unicode_ci", table.Out, StringComparison.Ordinal);

        var unknown = await CliRun.AgainstAsync(host, "configuration-parameters", "--name", "no_such_knob");
        Assert.NotEqual(0, unknown.ExitCode);
        ErrorTests.AssertOneErrorLine(unknown);
        Assert.Contains("no_such_knob", unknown.Error, StringComparison.Ordinal);
        var noVersion = await CliRun.AgainstAsync(host, "configuration-parameters", "--datastore-version", "9.9");
        Assert.NotEqual(0, noVersion.ExitCode);
        ErrorTests.AssertOneErrorLine(noVersion);
    }
}
