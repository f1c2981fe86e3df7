using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Serverless.Platforms.Azure;

/// <summary>
/// Network access on Azure: the server's firewall rules. A public server gets one rule per allowed network
/// (<c>dbaas-a_b_c_d-n</c>), or one rule for every address (<c>dbaas-any</c>) when none are listed; a private one gets none.
/// Every other rule is removed, so the firewall admits exactly what the instance shows, except
/// <see cref="AllowAzureServicesRule"/>, which the control plane itself (the Function App) needs to reach the server.
/// </summary>
public sealed partial class AzureDatabasePlatform
{
    /// <summary>The rule that admits every address to a public server that lists no networks.</summary>
    public const string AnyAddressRule = "dbaas-any";

    /// <summary>
    /// Begins bringing the server's firewall rules to <paramref name="access"/>: reads the rules it has, then creates the
    /// missing or changed ones and deletes the rest, one ARM operation each. Nothing is sent when the rules match already,
    /// nor for a server with private (virtual network) access, which has no firewall rules: its network decides.
    /// </summary>
    /// <inheritdoc />
    public async Task<PlatformOperation> BeginSetNetworkAccessAsync(string serverId, NetworkAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (_options.PrivateNetwork is not null)
        {
            return PlatformOperation.Completed(serverId, PlatformOperationKind.SetNetworkAccess);
        }

        var name = (await RequireServerAsync(serverId, cancellationToken).ConfigureAwait(false)).Name;
        var existing = await _client.ListFirewallRulesAsync(name, cancellationToken).ConfigureAwait(false);
        var wanted = FirewallRulesFor(access);
        var create = wanted.Where(rule => !existing.Contains(rule)).ToArray();
        var stale = existing.Select(rule => rule.Name)
            .Where(rule => rule != AllowAzureServicesRule && wanted.All(w => w.Name != rule))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (create.Length == 0 && stale.Length == 0)
        {
            return PlatformOperation.Completed(serverId, PlatformOperationKind.SetNetworkAccess);
        }

        AzureOperationStep[] steps =
        [
            .. Enumerable.Repeat(AzureOperationStep.SetFirewallRule, create.Length),
            .. Enumerable.Repeat(AzureOperationStep.DeleteFirewallRule, stale.Length),
        ];
        var state = new AzureOperationState { Steps = steps, FirewallRules = create, StaleFirewallRules = stale };
        return await BeginAsync(serverId, PlatformOperationKind.SetNetworkAccess, state, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The firewall rules that admit <paramref name="access"/>'s addresses (a network given twice makes one rule).</summary>
    /// <param name="access">Who may connect; the networks valid IPv4 <c>a.b.c.d[/n]</c>, as the API checks them.</param>
    /// <returns>The rules, by name.</returns>
    public static IReadOnlyList<FirewallRule> FirewallRulesFor(NetworkAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (!access.IsPublic)
        {
            return [];
        }

        return access.AllowedCidrs.Count == 0
            ? [new FirewallRule(AnyAddressRule, "0.0.0.0", "255.255.255.255")]
            : [.. access.AllowedCidrs.Select(RuleFor).DistinctBy(rule => rule.Name).OrderBy(rule => rule.Name, StringComparer.Ordinal)];
    }

    private static FirewallRule RuleFor(string cidr)
    {
        var parts = cidr.Split('/');
        var bits = parts.Length == 2 ? int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture) : 32;
        var address = BinaryPrimitives.ReadUInt32BigEndian(IPAddress.Parse(parts[0]).GetAddressBytes());
        var mask = bits == 0 ? 0u : uint.MaxValue << (32 - bits);
        var first = ToAddress(address & mask);
        var last = ToAddress((address & mask) | ~mask);
        return new FirewallRule($"dbaas-{first.Replace('.', '_')}-{bits.ToString(CultureInfo.InvariantCulture)}", first, last);
    }

    private static string ToAddress(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes).ToString();
    }

    /// <summary>Starts the firewall step under way: the n-th step of its kind acts on the n-th rule of its list.</summary>
    private async Task<ArmOperationToken> StartFirewallStepAsync(AzureOperationStep step, string name, AzureOperationState state, CancellationToken cancellationToken)
    {
        var index = state.Next - Array.IndexOf(state.Steps, step);
        if (step == AzureOperationStep.SetFirewallRule)
        {
            var rule = state.FirewallRules![index];
            return await _client.BeginCreateFirewallRuleAsync(
                name, rule.Name, IPAddress.Parse(rule.StartIpAddress), IPAddress.Parse(rule.EndIpAddress), cancellationToken).ConfigureAwait(false);
        }

        return await _client.BeginDeleteFirewallRuleAsync(name, state.StaleFirewallRules![index], cancellationToken).ConfigureAwait(false);
    }
}
