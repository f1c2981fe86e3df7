using System.Text.Json;
using Serverless.Testing;
using Xunit;

namespace Serverless.Cli.Tests;

[Collection(CliCollection.Name)]
public sealed class CatalogCommandTests(ApiHost host)
{
    [Fact]
    public async Task FlavorList_PrintsOneRowPerFlavor_UnderAHeader()
    {
        var run = await CliRun.AgainstAsync(host, "flavor-list");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^ID\s+Name\s+RAM \(MB\)\s+vCPUs\s+Disk \(GB\)$", lines[0]);
        Assert.Contains(lines.Skip(1), line => line.StartsWith("1 ", StringComparison.Ordinal));
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task FlavorList_Json_IsAnArrayOfFlavorsWithIds()
    {
        var run = await CliRun.AgainstAsync(host, "flavor-list", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Out);
        var flavors = document.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(flavors);
        Assert.Contains(flavors, flavor => flavor.GetProperty("str_id").GetString() == "1");
        Assert.All(flavors, flavor => Assert.True(flavor.GetProperty("ram").GetInt32() > 0));
    }

    [Fact]
    public async Task DatastoreList_ShowsMysqlWithItsDefaultVersion()
    {
        var run = await CliRun.AgainstAsync(host, "datastore-list");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.Out.Split('\n'), line => line.Contains("mysql", StringComparison.Ordinal) && line.Contains("10.11", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DatastoreList_Json_IsAnArrayOfDatastores()
    {
        var run = await CliRun.AgainstAsync(host, "--json", "datastore-list");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var document = JsonDocument.Parse(run.Out);
        Assert.Contains(document.RootElement.EnumerateArray(), datastore => datastore.GetProperty("name").GetString() == "mysql");
    }
}
