using Microsoft.AspNetCore.Http;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Replication;
using Serverless.DataPlane.Replication;

namespace Serverless.Api.Instances;

/// <summary>Shapes an <see cref="InstanceView"/> as Trove's instance object (trove-api.md §7).</summary>
internal sealed class InstanceWireMapper(ResourceLinks links)
{
    // Local instances have no network of their own; the clients print the name as is.
    private const string NetworkName = "local";
    private const string RegionName = "RegionOne";

    public InstanceWire Map(HttpContext context, string projectId, InstanceView view, ReplicationView? replication = null)
    {
        IReadOnlyList<string>? ip = view.Host is { } host ? [host] : null;
        IReadOnlyList<InstanceAddressWire>? addresses = view.Host is { } address ? [new InstanceAddressWire(address, "private", NetworkName)] : null;
        var fault = view.Fault is { } message ? new InstanceFaultWire(message, TroveTime.Format(view.Updated), null) : null;
        return new InstanceWire(
            view.Id,
            view.Name,
            view.Status,
            OperatingStatus(view.Status),
            links.Of(context, projectId, "instances", view.Id),
            new InstanceFlavorWire(view.FlavorId, links.Of(context, projectId, "flavors", view.FlavorId)),
            new InstanceDatastoreWire(view.DatastoreType, view.DatastoreVersion),
            new InstanceVolumeWire(view.VolumeSizeGigabytes, view.VolumeUsedGigabytes),
            RegionName,
            new InstanceAccessWire(view.Access.IsPublic, view.Access.AllowedCidrs),
            ip,
            addresses,
            view.Host,
            view.Port,
            TroveTime.Format(view.Created),
            TroveTime.Format(view.Updated),
            TroveTime.Format(view.Updated),
            fault,
            view.OperationId)
        {
            Configuration = view.ConfigurationId is { } configurationId
                ? new InstanceConfigurationRefWire(configurationId, links.Of(context, projectId, "configurations", configurationId))
                : null,
            ReplicaOf = replication?.Source is { } source ? Reference(context, projectId, source) : null,
            Replicas = replication is { Replicas.Count: > 0 } ? [.. replication.Replicas.Select(r => Reference(context, projectId, r))] : null,
            Replication = replication?.Health is { } health ? Health(replication.Role, health) : null,
        };
    }

    private ReplicaReferenceWire Reference(HttpContext context, string projectId, ReplicaReference reference) =>
        reference.ExternalSource is { } external
            ? new(reference.Id, reference.Name, [])
            {
                External = true,
                Host = external.Host,
                Port = external.Port,
                User = external.User,
                Databases = external.Databases,
            }
            : new(reference.Id, reference.Name, links.Of(context, projectId, "instances", reference.Id));

    private static ReplicationWire Health(string role, ReplicaHealth health) => new(
        role,
        !health.Reachable ? "unknown"
            : role == ReplicationView.SourceRole ? "source"
            : health.IsRunning ? "running"
            : health.IoThreadState == "Connecting" && health.SqlThreadState == "Yes" ? "connecting"
            : "broken",
        health.SecondsBehind,
        health.IoThreadState,
        health.SqlThreadState,
        health.LastError,
        health.AppliedGtid,
        health.ReadOnly);

    // Trove reports database health separately and leaves it empty while a task runs (trove-api.md §9).
    private static string OperatingStatus(string status) => status switch
    {
        InstanceStatus.Active => "HEALTHY",
        InstanceStatus.Error => "ERROR",
        InstanceStatus.Shutdown => "SHUTDOWN",
        _ => string.Empty,
    };
}
