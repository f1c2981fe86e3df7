namespace Serverless.Orchestrations.Catalog;

/// <summary>Who may connect to an instance (Trove <c>access</c>).</summary>
/// <param name="IsPublic">Whether the instance is reachable from outside its private network.</param>
/// <param name="AllowedCidrs">The IPv4 networks allowed to connect; empty for no restriction beyond <paramref name="IsPublic"/>.</param>
public sealed record InstanceAccess(bool IsPublic, IReadOnlyList<string> AllowedCidrs)
{
    /// <summary>Gets the default: private, no networks listed.</summary>
    public static InstanceAccess Private { get; } = new(false, []);
}
