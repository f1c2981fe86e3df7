using System.Net;
using System.Text.Json;
using Xunit;

namespace Serverless.WebConsole.Tests;

/// <summary><c>GET instances/{id}/operations</c>, the console's read-only extension: an instance's operations, newest first.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class OperationListTests(ConsoleHost host)
{
    private const string Project = "oplist";
    private const string Token = "oplist-token-55b0";

    [Fact]
    public async Task InstanceOperations_AreListedNewestFirst_WithTheirLastStep_AndLimited()
    {
        host.Api.AddProject(Project, Token);
        using var client = host.Api.Client(Project, Token);
        var api = new ApiCalls(client);
        var id = (await api.PostAsync("instances", """{"instance": {"name": "ops", "flavorRef": 1, "volume": {"size": 1}}}"""))
            .GetProperty("instance").GetProperty("id").GetString()!;
        await api.WaitForStatusAsync("instances", id, "ACTIVE");
        var backupId = (await api.PostAsync("backups", $$$"""{"backup": {"name": "ops-full", "instance": "{{{id}}}"}}""")).GetProperty("backup").GetProperty("id").GetString()!;
        await api.WaitForStatusAsync("backups", backupId, "COMPLETED");

        var operations = (await api.GetAsync($"instances/{id}/operations")).GetProperty("operations").EnumerateArray().ToList();
        Assert.Equal(["backup", "create"], operations.Select(o => o.GetProperty("kind").GetString()));
        Assert.All(operations, o => Assert.Equal(id, o.GetProperty("instance_id").GetString()));
        var create = operations[1];
        Assert.Equal("COMPLETED", create.GetProperty("status").GetString());
        Assert.Equal(100, create.GetProperty("progress").GetInt32());
        Assert.False(string.IsNullOrEmpty(create.GetProperty("current_step").GetString()));
        Assert.Equal(
            (await api.GetAsync($"instances/{id}")).GetProperty("instance").GetProperty("operation_id").GetString(),
            operations[0].GetProperty("id").GetString());

        var limited = (await api.GetAsync($"instances/{id}/operations?limit=1")).GetProperty("operations");
        Assert.Equal("backup", Assert.Single(limited.EnumerateArray()).GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("instances/no-such-instance/operations", HttpStatusCode.NotFound, "itemNotFound")]
    [InlineData("instances/no-such-instance/operations?limit=0", HttpStatusCode.BadRequest, "badRequest")]
    [InlineData("instances/no-such-instance/operations?limit=many", HttpStatusCode.BadRequest, "badRequest")]
    public async Task BadRequests_AnswerInTrovesErrorShape(string path, HttpStatusCode status, string fault)
    {
        host.Api.AddProject(Project, Token);
        using var client = host.Api.Client(Project, Token);
        using var response = await client.GetAsync(path);
        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)status, body.RootElement.GetProperty(fault).GetProperty("code").GetInt32());
    }
}
