namespace Serverless.Platforms.Azure;

/// <summary>A new read replica (<c>createMode: Replica</c>) of a server in the same resource group.</summary>
public sealed record ReplicaDefinition
{
    /// <summary>The replica's server name (same rules as <see cref="FlexibleServerDefinition.Name"/>).</summary>
    public required string Name { get; init; }

    /// <summary>The source server's name.</summary>
    public required string SourceServerName { get; init; }

    /// <summary>The region; null for the source's (another region makes a cross-region replica).</summary>
    public string? Location { get; init; }

    /// <summary>The compute size; null for the source's (what the Azure CLI does).</summary>
    public FlexibleServerSku? Sku { get; init; }

    /// <summary>Resource tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
