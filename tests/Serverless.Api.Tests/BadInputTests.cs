using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiHost host)
{
    private const string Password = "Bad-Input-Secret-93";

    public static TheoryData<string, int, string, string> Refusals => new()
    {
        { Create(flavorRef: "99"), 404, "itemNotFound", "99" },
        { Create(datastore: """{"type": "mysql", "version": "5.7"}"""), 404, "itemNotFound", "5.7" },
        { Create(datastore: """{"type": "oracle", "version": "5.7"}"""), 404, "itemNotFound", "oracle" },
        { Create(name: "\"\\t\\n\""), 400, "badRequest", "name" },
        { Create(name: "\"\""), 400, "badRequest", "instance.name" },
        { Create(name: "42"), 400, "badRequest", "instance.name" },
        { Create(size: "0"), 400, "badRequest", "Volume size 0" },
        { Create(size: "100000"), 400, "badRequest", "out of range" },
        { Create(size: "\"big\""), 400, "badRequest", "instance.volume.size" },
        { """{"instance": {"name": "x", "flavorRef": 1}}""", 400, "badRequest", "instance.volume" },
        { """{"instance": {"name": "x", "volume": {"size": 1}}}""", 400, "badRequest", "instance.flavorRef" },
        { Create(extra: "\"colour\": \"red\""), 400, "badRequest", "instance.colour" },
        { Create(extra: "\"volume\": {\"size\": 1, \"speed\": 9}"), 400, "badRequest", "instance.volume.speed" },
        { """{"instance": {"name": "x"}, "server": {}}""", 400, "badRequest", "'server'" },
        { """{"instances": {"name": "x"}}""", 400, "badRequest", "instances" },
        { """{"instance": {"name": "x", "flavorRef": 1, "volume": {"size": 1}""", 400, "badRequest", "not valid JSON" },
        { "[1, 2]", 400, "badRequest", "JSON object" },
        { Create(extra: "\"replica_of\": \"b9f3c8a2-0000-0000-0000-000000000000\""), 404, "itemNotFound", "b9f3c8a2-0000-0000-0000-000000000000" },
        { Create(extra: "\"replica_count\": 2"), 400, "badRequest", "instance.replica_of" },
        { Create(extra: "\"replica_of\": 7"), 400, "badRequest", "instance.replica_of" },
        { Create(extra: "\"restorePoint\": \"b9f3c8a2-0000-0000-0000-000000000000\""), 400, "badRequest", "instance.restorePoint" },
        { Create(extra: "\"restorePoint\": {}"), 400, "badRequest", "instance.restorePoint.backupRef" },
        { Create(extra: "\"restorePoint\": {\"backupRef\": 5}"), 400, "badRequest", "instance.restorePoint.backupRef" },
        { Create(extra: "\"restorePoint\": {\"backupRef\": \"b9f3c8a2-0000-0000-0000-000000000000\", \"at\": 1}"), 400, "badRequest", "instance.restorePoint.at" },
        { Create(extra: "\"restorePoint\": {\"backupRef\": \"b9f3c8a2-0000-0000-0000-000000000000\"}"), 404, "itemNotFound", "b9f3c8a2-0000-0000-0000-000000000000" },
        { Create(extra: "\"databases\": [{\"name\": \"mysql\"}]"), 400, "badRequest", "mysql" },
        { """{"instance": {"name": "x", "flavorRef": 1, "volume": {"size": 1}, "users": [{"name": "bob"}]}}""", 400, "badRequest", "instance.users[0].password" },
        { """{"instance": {"name": "x", "name": "y", "flavorRef": 1, "volume": {"size": 1}}}""", 400, "badRequest", "not valid JSON" },
        { Create(extra: "\"replicate_from\": {\"host\": \"db.example.com\", \"user\": \"m\", \"password\": \"pw\"}"), 400, "badRequest", "instance.replicate_from.databases" },
        { Create(extra: "\"replicate_from\": {\"host\": \"db.example.com\", \"user\": \"m\", \"databases\": [\"shop\"]}"), 400, "badRequest", "instance.replicate_from.password" },
        { Create(extra: "\"replicate_from\": {\"host\": \"db.example.com\", \"port\": 70000, \"user\": \"m\", \"password\": \"pw\", \"databases\": [\"shop\"]}"), 400, "badRequest", "port 70000" },
        { Create(extra: "\"replicate_from\": {\"host\": \"db.example.com\", \"user\": \"m\", \"password\": \"pw\", \"databases\": [\"a,b\"]}"), 400, "badRequest", "'a,b'" },
        { Create(extra: "\"replicate_from\": {\"host\": \"db.example.com\", \"user\": \"m\", \"password\": \"pw\", \"databases\": [\"shop\"], \"ca\": \"not a pem\"}"), 400, "badRequest", "PEM" },
        { Create(extra: "\"replicate_from\": {\"host\": \"db.example.com\", \"user\": \"m\", \"password\": \"pw\", \"databases\": [\"shop\"], \"sslmode\": 1}"), 400, "badRequest", "instance.replicate_from.sslmode" },
        { Create(extra: "\"replicate_from\": {\"host\": \"db.example.com\", \"user\": \"m\", \"password\": \"pw\", \"databases\": [\"shop\"]}"), 400, "badRequest", "Do not specify users" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task CreateWithBadInput_IsRefused_WithTroveFault_AndAMessageThatSaysWhatToFix(string body, int status, string fault, string mentioned)
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        using var response = await client.PostAsync("instances", TroveResponse.Body(body));

        var message = await TroveResponse.FaultAsync(response, status, fault);
        Assert.Contains(mentioned, message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyBody_Is400()
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        var message = await TroveResponse.FaultAsync(await client.PostAsync("instances", TroveResponse.Body(string.Empty)), 400, "badRequest");

        Assert.Contains("empty", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownInstance_Is404ItemNotFound_ForShowDeleteActionsAndOperations()
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);
        const string id = "0d4b1b5e-1111-4222-8333-944445555666";

        Assert.Contains(id, await TroveResponse.FaultAsync(await client.GetAsync($"instances/{id}"), 404, "itemNotFound"), StringComparison.Ordinal);
        await TroveResponse.FaultAsync(await client.GetAsync("instances/my-db-by-name"), 404, "itemNotFound");
        await TroveResponse.FaultAsync(await client.DeleteAsync($"instances/{id}"), 404, "itemNotFound");
        await TroveResponse.FaultAsync(await client.PostAsync($"instances/{id}/action", TroveResponse.Body("""{"restart": {}}""")), 404, "itemNotFound");
        await TroveResponse.FaultAsync(await client.PostAsync($"instances/{id}/action", TroveResponse.Body("""{"resize": {"flavorRef": 2}}""")), 404, "itemNotFound");
        await TroveResponse.FaultAsync(await client.GetAsync($"operations/{id}"), 404, "itemNotFound");
    }

    [Fact]
    public async Task UnknownAction_Is400_NamingTheSupportedOnes()
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        var message = await TroveResponse.FaultAsync(
            await client.PostAsync("instances/any/action", TroveResponse.Body("""{"explode": {}}""")), 400, "badRequest");

        Assert.Contains("explode", message, StringComparison.Ordinal);
        Assert.Contains("restart", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadPagingParameters_Are400()
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        Assert.Contains("limit", await TroveResponse.FaultAsync(await client.GetAsync("instances?limit=-1"), 400, "badRequest"), StringComparison.Ordinal);
        Assert.Contains("Marker", await TroveResponse.FaultAsync(await client.GetAsync("instances?marker=nope"), 400, "badRequest"), StringComparison.Ordinal);
    }

    private static string Create(string name = "\"bad-input\"", string flavorRef = "1", string size = "1", string datastore = """{"type": "mysql", "version": "10.11"}""", string? extra = null)
    {
        var tail = extra is null ? string.Empty : $", {extra}";
        var volume = extra?.Contains("\"volume\"", StringComparison.Ordinal) == true ? string.Empty : $", \"volume\": {{\"size\": {size}}}";
        return $$$"""{"instance": {"name": {{{name}}}, "flavorRef": {{{flavorRef}}}{{{volume}}}, "datastore": {{{datastore}}}, "users": [{"name": "u1", "password": "{{{Password}}}"}]{{{tail}}}}}""";
    }
}
