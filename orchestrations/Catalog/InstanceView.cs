namespace Serverless.Orchestrations.Catalog;

/// <summary>An instance as clients see it.</summary>
/// <param name="Id">The instance id (a GUID).</param>
/// <param name="ProjectId">The owning project.</param>
/// <param name="Name">The instance name.</param>
/// <param name="Status">One of <see cref="InstanceStatus"/>: BUILD, ACTIVE, BACKUP, REBOOT, SHUTDOWN, ERROR.</param>
/// <param name="FlavorId">The flavor id.</param>
/// <param name="DatastoreType">The datastore name, for example <c>mysql</c>.</param>
/// <param name="DatastoreVersion">The datastore version name, for example <c>10.11</c>.</param>
/// <param name="VolumeSizeGigabytes">The data volume size.</param>
/// <param name="VolumeUsedGigabytes">How much of the volume the data uses, when last measured; null before.</param>
/// <param name="Host">Where clients connect; null until the instance is ACTIVE for the first time.</param>
/// <param name="Port">The TCP port clients connect to; null until the instance is ACTIVE for the first time.</param>
/// <param name="Created">When the instance was created.</param>
/// <param name="Updated">When the instance last changed.</param>
/// <param name="OperationId">The running operation, or the last one; see <c>InstanceService.GetOperationAsync</c>.</param>
/// <param name="Fault">Why the instance is in ERROR; null otherwise. Never holds a secret.</param>
public sealed record InstanceView(
    string Id,
    string ProjectId,
    string Name,
    string Status,
    string FlavorId,
    string DatastoreType,
    string DatastoreVersion,
    int VolumeSizeGigabytes,
    double? VolumeUsedGigabytes,
    string? Host,
    int? Port,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    string? OperationId,
    string? Fault)
{
    /// <summary>Who may connect (Trove <c>access</c>): recorded and shown; the Azure platform turns it into firewall rules.</summary>
    public InstanceAccess Access { get; init; } = InstanceAccess.Private;

    /// <summary>The configuration group attached to the instance; null for none. Replicas created later inherit it.</summary>
    public string? ConfigurationId { get; init; }

    /// <summary>The instance this one replicates from; null for a source or a standalone instance.</summary>
    public string? ReplicaOf { get; init; }

    /// <summary>The server outside the service this instance replicates from (a migration); null otherwise.</summary>
    public ExternalSourceView? ExternalSource { get; init; }

    /// <summary>The replicas of this instance (Trove <c>replicas</c>); empty unless it is a replication source.</summary>
    public IReadOnlyList<string> Replicas { get; init; } = [];
}
