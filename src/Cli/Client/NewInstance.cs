namespace Serverless.Cli.Client;

/// <summary>
/// What <c>dbaas create</c> asks for; <paramref name="FlavorId"/> and <paramref name="BackupId"/> (the backup to
/// restore, sent as <c>restorePoint.backupRef</c>) are already resolved from names.
/// </summary>
internal sealed record NewInstance(
    string Name,
    string? FlavorId,
    int SizeGigabytes,
    string? Datastore,
    string? DatastoreVersion,
    IReadOnlyList<string> Databases,
    IReadOnlyList<NewUser> Users,
    string? BackupId)
{
    /// <summary>The id of the instance to replicate (<c>replica_of</c>); the flavor and size may then be left out.</summary>
    public string? ReplicaOf { get; init; }

    /// <summary>Point-in-time restore: the moment (ISO 8601) to restore the backup's chain to.</summary>
    public string? RestoreTime { get; init; }

    /// <summary>Point-in-time restore: the GTID to restore the backup's chain up to.</summary>
    public string? RestoreGtid { get; init; }

    /// <summary>A server outside the service to migrate from (our <c>replicate_from</c>); the flavor and size are then required.</summary>
    public NewExternalSource? ReplicateFrom { get; init; }
}
