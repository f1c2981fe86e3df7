using System.Text.Json.Serialization;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Platform;

/// <summary>
/// Which long platform operation <see cref="BeginPlatformOperationActivity"/> begins, with what it needs; build one with
/// the factory methods. Secrets only by id (inside <see cref="Spec"/>).
/// </summary>
/// <param name="Kind">What to do.</param>
/// <param name="ServerId">The server it acts on.</param>
internal sealed record PlatformOperationRequest(
    [property: JsonConverter(typeof(JsonStringEnumConverter<PlatformOperationKind>))] PlatformOperationKind Kind,
    string ServerId)
{
    /// <summary>Gets the server to create (<see cref="PlatformOperationKind.Provision"/>, <see cref="PlatformOperationKind.CreateReplica"/>).</summary>
    public ServerSpec? Spec { get; init; }

    /// <summary>Gets the new size (<see cref="PlatformOperationKind.Resize"/>); null to keep it.</summary>
    public FlavorSpec? Flavor { get; init; }

    /// <summary>Gets the new volume size (<see cref="PlatformOperationKind.Resize"/>); null to keep it.</summary>
    public int? VolumeSizeGigabytes { get; init; }

    /// <summary>Gets the server a replica replicates from (<see cref="PlatformOperationKind.CreateReplica"/>).</summary>
    public string? SourceServerId { get; init; }

    /// <summary>Gets whether the server becomes read-only (true) or writable (<see cref="PlatformOperationKind.SetReadOnly"/>).</summary>
    public bool ReadOnly { get; init; }

    /// <summary>Gets every managed parameter with its value or null (<see cref="PlatformOperationKind.ApplyParameters"/>); no secrets.</summary>
    public IReadOnlyList<ServerParameterSetting>? Parameters { get; init; }

    /// <summary>Gets who may connect (<see cref="PlatformOperationKind.SetNetworkAccess"/>).</summary>
    public NetworkAccess? Access { get; init; }

    /// <summary>Gets how long the operation may take before it fails as timed out; null for its kind's bound (<see cref="PlatformOperationDeadlines.For"/>).</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>Gets the most polls the operation may make; null for <see cref="PlatformOperationDeadlines.MaxPolls"/>.</summary>
    public int? MaxPolls { get; init; }

    /// <summary>Gets the catalog operation that must still own the instance (checked around a provision); null for none.</summary>
    public PlatformOperationOwner? Owner { get; init; }

    public static PlatformOperationRequest Provision(ServerSpec spec) => new(PlatformOperationKind.Provision, spec.ServerId) { Spec = spec };

    public static PlatformOperationRequest Start(string serverId) => new(PlatformOperationKind.Start, serverId);

    public static PlatformOperationRequest Stop(string serverId) => new(PlatformOperationKind.Stop, serverId);

    public static PlatformOperationRequest Restart(string serverId) => new(PlatformOperationKind.Restart, serverId);

    public static PlatformOperationRequest Delete(string serverId) => new(PlatformOperationKind.Delete, serverId);

    public static PlatformOperationRequest Resize(string serverId, FlavorSpec? flavor, int? volumeSizeGigabytes) =>
        new(PlatformOperationKind.Resize, serverId) { Flavor = flavor, VolumeSizeGigabytes = volumeSizeGigabytes };

    public static PlatformOperationRequest CreateReplica(ServerSpec replica, string sourceServerId) =>
        new(PlatformOperationKind.CreateReplica, replica.ServerId) { Spec = replica, SourceServerId = sourceServerId };

    public static PlatformOperationRequest SetNetworkAccess(string serverId, NetworkAccess access) =>
        new(PlatformOperationKind.SetNetworkAccess, serverId) { Access = access };

    public static PlatformOperationRequest StopReplication(string serverId) => new(PlatformOperationKind.StopReplication, serverId);

    public static PlatformOperationRequest SetReadOnly(string serverId, bool readOnly) => new(PlatformOperationKind.SetReadOnly, serverId) { ReadOnly = readOnly };

    public static PlatformOperationRequest ApplyParameters(string serverId, IReadOnlyList<ServerParameterSetting> parameters) =>
        new(PlatformOperationKind.ApplyParameters, serverId) { Parameters = parameters };
}
