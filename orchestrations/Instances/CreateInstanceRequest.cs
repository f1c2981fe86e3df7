using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Instances;

/// <summary>What a client asks for when it creates an instance (Trove <c>POST /instances</c>).</summary>
/// <param name="Name">The instance name: 1-255 printable characters, unique among the project's instances.</param>
/// <param name="FlavorRef">The flavor's id or name, or a link ending in its id.</param>
/// <param name="VolumeSizeGigabytes">The data volume size, 1-100 GB.</param>
/// <param name="DatastoreType">The datastore name or id (<c>mysql</c>); null for the default.</param>
/// <param name="DatastoreVersion">The datastore version name or id; null for the datastore's default version.</param>
/// <param name="Databases">Databases to create.</param>
/// <param name="Users">Users to create; their passwords go to the secret store, never to the catalog.</param>
public sealed record CreateInstanceRequest(
    string Name,
    string FlavorRef,
    int VolumeSizeGigabytes,
    string? DatastoreType,
    string? DatastoreVersion,
    IReadOnlyList<string> Databases,
    IReadOnlyList<CreateUserRequest> Users)
{
    /// <summary>
    /// The backup to restore the new instance from (Trove <c>restorePoint.backupRef</c>); null for an empty instance.
    /// It must be a <c>COMPLETED</c> backup of the project whose data fits the volume; the datastore and version
    /// default to the backup's.
    /// </summary>
    public string? BackupId { get; init; }

    /// <summary>Who may connect (Trove <c>access</c>); null for the default, private with no networks listed.</summary>
    public InstanceAccess? Access { get; init; }

    /// <summary>Gets the configuration group (id or name) the instance starts with; null for none (a replica: its source's).</summary>
    public string? Configuration { get; init; }

    /// <summary>
    /// The instance to replicate (Trove <c>replica_of</c>); null for a standalone instance. A replica copies its source's
    /// data, databases and users: <see cref="Databases"/> and <see cref="Users"/> must be empty, the flavor and volume
    /// default to the source's, and the datastore is always the source's.
    /// </summary>
    public string? ReplicaOf { get; init; }

    /// <summary>How many replicas to create (Trove <c>replica_count</c>, 1-5); with more than one they are named <c>{Name}-1</c>, <c>{Name}-2</c>….</summary>
    public int ReplicaCount { get; init; } = 1;

    /// <summary>
    /// Point-in-time restore (our extension to <c>restorePoint</c>, <c>restore_time</c>): restore the chain of
    /// <see cref="BackupId"/> as the source was at this moment (whole seconds). It must lie in the range the chain covers.
    /// </summary>
    public DateTimeOffset? RestoreTime { get; init; }

    /// <summary>Point-in-time restore (<c>restore_gtid</c>): restore the chain up to and including this transaction.</summary>
    public string? RestoreGtid { get; init; }

    /// <summary>A server outside the service to migrate from (our <c>replicate_from</c>); null otherwise.</summary>
    public Serverless.Orchestrations.Replication.ExternalSourceRequest? ReplicateFrom { get; init; }
}
