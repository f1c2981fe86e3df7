namespace Serverless.Platforms.Azure;

/// <summary>
/// Where a platform operation on Azure stands, kept (as JSON) in <see cref="PlatformOperation.State"/>: its steps, the
/// next one to start, the ARM operation of the step under way, and what the steps need. No secret: the admin password
/// is read from the secret store by the step that sends it.
/// </summary>
internal sealed record AzureOperationState
{
    public required AzureOperationStep[] Steps { get; init; }

    /// <summary>Gets the index of the step under way (<see cref="Current"/> set) or to start next.</summary>
    public int Next { get; init; }

    /// <summary>Gets the ARM operation of step <see cref="Next"/> once it has started.</summary>
    public ArmOperationToken? Current { get; init; }

    public ServerSpec? Spec { get; init; }

    public string? SourceServerId { get; init; }

    public FlavorSpec? Flavor { get; init; }

    public int? VolumeSizeGigabytes { get; init; }

    public string? AdminSecretId { get; init; }

    /// <summary>Gets the server parameters a <see cref="AzureOperationStep.SetParameters"/> step sets, when the operation names them (no secrets).</summary>
    public Dictionary<string, string>? Parameters { get; init; }

    /// <summary>Gets the firewall rules the <see cref="AzureOperationStep.SetFirewallRule"/> steps create, in step order.</summary>
    public FirewallRule[]? FirewallRules { get; init; }

    /// <summary>Gets the firewall rules the <see cref="AzureOperationStep.DeleteFirewallRule"/> steps delete, in step order.</summary>
    public string[]? StaleFirewallRules { get; init; }
}
