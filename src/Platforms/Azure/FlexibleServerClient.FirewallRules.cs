using System.Text.Json;

namespace Serverless.Platforms.Azure;

/// <summary>Reading a server's firewall rules (creating and deleting one are long operations, with the others).</summary>
public sealed partial class FlexibleServerClient
{
    /// <summary>Lists a server's firewall rules.</summary>
    /// <param name="serverName">The server.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The rules.</returns>
    /// <exception cref="ArmResourceNotFoundException">The server does not exist.</exception>
    public Task<IReadOnlyList<FirewallRule>> ListFirewallRulesAsync(string serverName, CancellationToken cancellationToken) =>
        ListAsync(
            ResourceUrl(ServerId(serverName), "/firewallRules"),
            $"Listing the firewall rules of Flexible Server '{serverName}'",
            ReadFirewallRule,
            cancellationToken);

    private static FirewallRule ReadFirewallRule(JsonElement rule)
    {
        var properties = JsonFields.Object(rule, "properties");
        return new FirewallRule(
            JsonFields.String(rule, "name") ?? "",
            JsonFields.String(properties, "startIpAddress") ?? "",
            JsonFields.String(properties, "endIpAddress") ?? "");
    }
}
