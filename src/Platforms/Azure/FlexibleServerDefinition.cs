namespace Serverless.Platforms.Azure;

/// <summary>
/// A new Flexible Server (<c>createMode: Default</c>). The administrator password is passed to
/// <see cref="FlexibleServerClient.BeginCreateServerAsync"/> separately, so that this record can be logged and stored.
/// </summary>
public sealed record FlexibleServerDefinition
{
    /// <summary>The server name: 3-63 lowercase letters, digits and hyphens, neither starting nor ending with a hyphen; also its host name prefix.</summary>
    public required string Name { get; init; }

    /// <summary>The Azure region, e.g. <c>westeurope</c>.</summary>
    public required string Location { get; init; }

    /// <summary>The MySQL version, e.g. <c>8.0.21</c> or <c>8.4</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The compute size.</summary>
    public required FlexibleServerSku Sku { get; init; }

    /// <summary>The storage size in GiB (at least 20).</summary>
    public required int StorageSizeGB { get; init; }

    /// <summary>The administrator login (create only).</summary>
    public required string AdministratorLogin { get; init; }

    /// <summary>Grow storage before it runs full; required with HA.</summary>
    public bool StorageAutoGrow { get; init; } = true;

    /// <summary>Days automated backups are kept (1-35).</summary>
    public int BackupRetentionDays { get; init; } = 7;

    /// <summary>Copy backups to the paired region.</summary>
    public bool GeoRedundantBackup { get; init; }

    /// <summary>High availability.</summary>
    public HighAvailabilityMode HighAvailability { get; init; } = HighAvailabilityMode.Disabled;

    /// <summary>The availability zone (<c>1</c>, <c>2</c>, <c>3</c>); null lets Azure choose.</summary>
    public string? AvailabilityZone { get; init; }

    /// <summary>Private access; null for public access behind firewall rules.</summary>
    public FlexibleServerNetwork? PrivateNetwork { get; init; }

    /// <summary>Resource tags, e.g. the control plane's server id.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
