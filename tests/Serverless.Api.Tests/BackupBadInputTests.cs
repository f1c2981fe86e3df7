using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class BackupBadInputTests(ApiHost host)
{
    private const string UnknownId = "7c0d9a6e-2222-4333-8444-955556666777";

    public static TheoryData<string, int, string, string> Refusals => new()
    {
        { $$$"""{"backup": {"instance": "{{{UnknownId}}}", "incremental": 0}}""", 400, "badRequest", "backup.name" },
        { """{"backup": {"name": "b1", "incremental": 0}}""", 400, "badRequest", "backup.instance" },
        { $$$"""{"backup": {"name": 7, "instance": "{{{UnknownId}}}"}}""", 400, "badRequest", "backup.name" },
        { $$$"""{"backup": {"name": "b1", "instance": ["{{{UnknownId}}}"]}}""", 400, "badRequest", "backup.instance" },
        { $$$"""{"backup": {"name": "b1", "instance": "{{{UnknownId}}}", "description": 5}}""", 400, "badRequest", "backup.description" },
        { $$$"""{"backup": {"name": "b1", "instance": "{{{UnknownId}}}", "incremental": "yes"}}""", 400, "badRequest", "backup.incremental" },
        { $$$"""{"backup": {"name": "b1", "instance": "{{{UnknownId}}}", "incremental": 2}}""", 400, "badRequest", "backup.incremental" },
        { $$$"""{"backup": {"name": "b1", "instance": "{{{UnknownId}}}", "colour": "red"}}""", 400, "badRequest", "backup.colour" },
        { """{"backups": {"name": "b1"}}""", 400, "badRequest", "backups" },
        { """{"backup": "b1"}""", 400, "badRequest", "'backup' must be a JSON object" },
        { """{"backup": {"name": "b1", """, 400, "badRequest", "not valid JSON" },
        { """{"backup": {"name": "b1", "restore_from": {"remote_location": "http://swift/b1"}}}""", 501, "notImplemented", "restore_from" },
        { $$$"""{"backup": {"name": "b1", "instance": "{{{UnknownId}}}", "incremental": 0}}""", 404, "itemNotFound", UnknownId },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task CreateWithBadInput_IsRefused_WithTroveFault_NamingTheField(string body, int status, string fault, string mentioned)
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        using var response = await client.PostAsync("backups", TroveResponse.Body(body));

        Assert.Contains(mentioned, await TroveResponse.FaultAsync(response, status, fault), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownBackup_Is404ItemNotFound_ForShowDeleteAndAName()
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        Assert.Contains(UnknownId, await TroveResponse.FaultAsync(await client.GetAsync($"backups/{UnknownId}"), 404, "itemNotFound"), StringComparison.Ordinal);
        await TroveResponse.FaultAsync(await client.DeleteAsync($"backups/{UnknownId}"), 404, "itemNotFound");
        // The clients try a name as an id first and fall back to the list only on 404.
        await TroveResponse.FaultAsync(await client.GetAsync("backups/nightly-by-name"), 404, "itemNotFound");
        Assert.Contains(UnknownId, await TroveResponse.FaultAsync(await client.GetAsync($"instances/{UnknownId}/backups"), 404, "itemNotFound"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListParameters_AreChecked_AndOtherProjectsAreForbidden()
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        Assert.Contains("limit", await TroveResponse.FaultAsync(await client.GetAsync("backups?limit=0"), 400, "badRequest"), StringComparison.Ordinal);
        Assert.Contains("Marker", await TroveResponse.FaultAsync(await client.GetAsync("backups?marker=nope"), 400, "badRequest"), StringComparison.Ordinal);
        Assert.Contains("all_projects", await TroveResponse.FaultAsync(await client.GetAsync("backups?all_projects=maybe"), 400, "badRequest"), StringComparison.Ordinal);
        await TroveResponse.FaultAsync(await client.GetAsync("backups?all_projects=True"), 403, "forbidden");
        Assert.Contains(ApiHost.Beta, await TroveResponse.FaultAsync(await client.GetAsync($"backups?project_id={ApiHost.Beta}"), 403, "forbidden"), StringComparison.Ordinal);

        // The own project, an explicit "no" and a datastore filter are fine.
        using var own = await client.GetAsync($"backups?all_projects=false&project_id={ApiHost.Alpha}&datastore=mysql");
        Assert.Equal(System.Text.Json.JsonValueKind.Array, (await TroveResponse.JsonAsync(own, 200)).GetProperty("backups").ValueKind);
    }
}
