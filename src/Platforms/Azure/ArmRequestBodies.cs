using System.Text.Json.Serialization;

namespace Serverless.Platforms.Azure;

// The JSON bodies the client sends (api-version 2024-12-30). Classes rather than records: a record's generated
// ToString would print the administrator password of ServerProperties.

/// <summary><c>properties</c> of a server PUT (create, or replica).</summary>
internal sealed class ServerProperties
{
    public required string CreateMode { get; init; }

    public string? SourceServerResourceId { get; init; }

    public string? Version { get; init; }

    public string? AdministratorLogin { get; init; }

    public string? AdministratorLoginPassword { get; init; }

    public string? AvailabilityZone { get; init; }

    public StorageBody? Storage { get; init; }

    public BackupBody? Backup { get; init; }

    public HighAvailabilityBody? HighAvailability { get; init; }

    public NetworkBody? Network { get; init; }
}

internal sealed class StorageBody
{
    public int? StorageSizeGB { get; init; }

    public string? AutoGrow { get; init; }

    public string? AutoIoScaling { get; init; }
}

internal sealed class BackupBody
{
    public required int BackupRetentionDays { get; init; }

    public required string GeoRedundantBackup { get; init; }
}

internal sealed class HighAvailabilityBody
{
    public required string Mode { get; init; }
}

internal sealed class NetworkBody
{
    public required string PublicNetworkAccess { get; init; }

    public string? DelegatedSubnetResourceId { get; init; }

    public string? PrivateDnsZoneResourceId { get; init; }
}

/// <summary>A server PATCH (<c>ServerForUpdate</c>): only what changes.</summary>
internal sealed class ServerPatch
{
    public SkuBody? Sku { get; init; }

    public required ServerPatchProperties Properties { get; init; }
}

internal sealed class ServerPatchProperties
{
    public string? ReplicationRole { get; init; }

    public StorageBody? Storage { get; init; }
}

internal sealed class SkuBody
{
    public required string Name { get; init; }

    public required string Tier { get; init; }
}

/// <summary>A firewall rule PUT.</summary>
internal sealed class FirewallRuleBody
{
    public required FirewallRuleProperties Properties { get; init; }
}

internal sealed class FirewallRuleProperties
{
    public required string StartIpAddress { get; init; }

    public required string EndIpAddress { get; init; }
}

/// <summary>The body of <c>POST …/updateConfigurations</c>.</summary>
internal sealed class ConfigurationBatch
{
    public required IReadOnlyList<ConfigurationBatchItem> Value { get; init; }
}

internal sealed class ConfigurationBatchItem
{
    public required string Name { get; init; }

    public required ConfigurationValue Properties { get; init; }
}

internal sealed class ConfigurationValue
{
    public required string Value { get; init; }

    public required string Source { get; init; }
}

/// <summary>Source-generated JSON for the request bodies: camelCase, absent fields left out.</summary>
[JsonSerializable(typeof(ServerProperties))]
[JsonSerializable(typeof(ServerPatch))]
[JsonSerializable(typeof(FirewallRuleBody))]
[JsonSerializable(typeof(ConfigurationBatch))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class ArmRequestJsonContext : JsonSerializerContext;
