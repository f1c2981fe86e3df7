using System.Text.Json;
using Serverless.Platforms.Azure;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// Instance access as the server's firewall rules on the fake ARM: one rule per allowed network, every other rule removed
/// but the one that admits Azure services (the control plane), nothing sent when the rules match already.
/// </summary>
public sealed class AzureFirewallTests : AzurePlatformTest
{
    [Fact]
    public async Task PublicWithNetworks_CreatesTheMissingRules_RemovesTheUnlisted_KeepsAzureServices()
    {
        var server = PathOf(InstanceId);
        Context.Arm.On("GET", server, ArmAnswer.Json(200, TaggedServer(InstanceId)));
        Context.Arm.On("GET", server + "/firewallRules", ArmAnswer.Json(200, Rules(
            (AzureDatabasePlatform.AllowAzureServicesRule, "0.0.0.0", "0.0.0.0"),
            ("dbaas-10_0_0_0-8", "10.0.0.0", "10.255.255.255"),
            (AzureDatabasePlatform.AnyAddressRule, "0.0.0.0", "255.255.255.255"),
            ("added-in-the-portal", "203.0.113.9", "203.0.113.9"))));
        Context.Arm.On("PUT", server + "/firewallRules/dbaas-192_168_1_0-24", ArmAnswer.AcceptedAsync(202, "/ops/rule-1", retryAfterSeconds: 3));
        Context.Arm.On("GET", "/ops/rule-1", ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 3), ArmAnswer.OperationStatus("Succeeded"));
        Context.Arm.On("PUT", server + "/firewallRules/dbaas-198_51_100_7-32", ArmAnswer.Json(200, Rule("dbaas-198_51_100_7-32", "198.51.100.7", "198.51.100.7")));
        Context.Arm.On("DELETE", server + "/firewallRules/" + AzureDatabasePlatform.AnyAddressRule, ArmAnswer.AcceptedAsync(202, "/ops/delete-any"));
        Context.Arm.On("GET", "/ops/delete-any", ArmAnswer.OperationStatus("Succeeded"));
        Context.Arm.On("DELETE", server + "/firewallRules/added-in-the-portal", ArmAnswer.Empty(200));
        var platform = CreatePlatform();

        var operation = await platform.BeginSetNetworkAccessAsync(InstanceId, new NetworkAccess(true, ["10.0.0.0/8", "192.168.1.7/24", "198.51.100.7"]), CancellationToken.None);
        var polls = 0;
        while (!operation.IsCompleted)
        {
            Assert.True(++polls < 10, "Setting the firewall rules never completed.");

            // What durable history keeps between polls: the operation survives a host restart as JSON.
            operation = JsonSerializer.Deserialize<PlatformOperation>(JsonSerializer.Serialize(operation))!;
            operation = await CreatePlatform().PollAsync(operation, CancellationToken.None);
        }

        Assert.Equal(PlatformOperationKind.SetNetworkAccess, operation.Kind);
        var created = Assert.Single(Context.Arm.RequestsTo("PUT", server + "/firewallRules/dbaas-192_168_1_0-24")).Json().GetProperty("properties");
        Assert.Equal(("192.168.1.0", "192.168.1.255"), (created.GetProperty("startIpAddress").GetString(), created.GetProperty("endIpAddress").GetString()));
        var host = Assert.Single(Context.Arm.RequestsTo("PUT", server + "/firewallRules/dbaas-198_51_100_7-32")).Json().GetProperty("properties");
        Assert.Equal(("198.51.100.7", "198.51.100.7"), (host.GetProperty("startIpAddress").GetString(), host.GetProperty("endIpAddress").GetString()));
        var changes = Context.Arm.Requests.Where(r => r.Method is "PUT" or "DELETE").Select(r => $"{r.Method} {r.Path[(server.Length + "/firewallRules/".Length)..]}").ToList();
        Assert.Equal(
            ["PUT dbaas-192_168_1_0-24", "PUT dbaas-198_51_100_7-32", "DELETE added-in-the-portal", "DELETE dbaas-any"],
            changes);
    }

    [Fact]
    public async Task Private_RemovesEveryClientRule_AndNothingIsSentOnceTheRulesMatch()
    {
        var server = PathOf(InstanceId);
        Context.Arm.On("GET", server, ArmAnswer.Json(200, TaggedServer(InstanceId)));
        Context.Arm.On(
            "GET",
            server + "/firewallRules",
            ArmAnswer.Json(200, Rules((AzureDatabasePlatform.AllowAzureServicesRule, "0.0.0.0", "0.0.0.0"), ("dbaas-10_0_0_0-8", "10.0.0.0", "10.255.255.255"))),
            ArmAnswer.Json(200, Rules((AzureDatabasePlatform.AllowAzureServicesRule, "0.0.0.0", "0.0.0.0"))));
        Context.Arm.On("DELETE", server + "/firewallRules/dbaas-10_0_0_0-8", ArmAnswer.Empty(200));
        var platform = CreatePlatform();
        var privateAccess = new NetworkAccess(false, ["10.0.0.0/8"]);

        var first = await platform.BeginSetNetworkAccessAsync(InstanceId, privateAccess, CancellationToken.None);
        while (!first.IsCompleted)
        {
            first = await platform.PollAsync(first, CancellationToken.None);
        }

        var second = await platform.BeginSetNetworkAccessAsync(InstanceId, privateAccess, CancellationToken.None);

        Assert.True(second.IsCompleted);
        Assert.Equal(["DELETE"], Context.Arm.Requests.Where(r => r.Method is "PUT" or "DELETE").Select(r => r.Method));
        Assert.Single(Context.Arm.RequestsTo("DELETE", server + "/firewallRules/dbaas-10_0_0_0-8"));
    }

    [Fact]
    public void Rules_PublicWithoutNetworks_AdmitsEveryAddress_AndNetworksAreNormalized()
    {
        Assert.Equal(
            [new FirewallRule(AzureDatabasePlatform.AnyAddressRule, "0.0.0.0", "255.255.255.255")],
            AzureDatabasePlatform.FirewallRulesFor(new NetworkAccess(true, [])));
        Assert.Empty(AzureDatabasePlatform.FirewallRulesFor(new NetworkAccess(false, ["10.0.0.0/8"])));
        Assert.Equal(
            [new FirewallRule("dbaas-0_0_0_0-0", "0.0.0.0", "255.255.255.255"), new FirewallRule("dbaas-172_16_0_0-12", "172.16.0.0", "172.31.255.255")],
            AzureDatabasePlatform.FirewallRulesFor(new NetworkAccess(true, ["172.20.1.1/12", "172.16.0.0/12", "9.9.9.9/0"])));
    }

    private static object Rules(params (string Name, string Start, string End)[] rules) => new { value = rules.Select(r => Rule(r.Name, r.Start, r.End)).ToArray() };

    private static object Rule(string name, string start, string end) => new { name, properties = new { startIpAddress = start, endIpAddress = end } };
}
