using Microsoft.AspNetCore.Http;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;

namespace Serverless.Api.Instances;

/// <summary>Shapes an <see cref="InstanceView"/> as Trove's instance object (trove-api.md §7).</summary>
internal sealed class InstanceWireMapper(ResourceLinks links)
{
    // Local instances have no network of their own; the clients print the name as is.
    private const string NetworkName = "local";
    private const string RegionName = "RegionOne";

    public InstanceWire Map(HttpContext context, string projectId, InstanceView view)
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
        };
    }

    // Trove reports database health separately and leaves it empty while a task runs (trove-api.md §9).
    private static string OperatingStatus(string status) => status switch
    {
        InstanceStatus.Active => "HEALTHY",
        InstanceStatus.Error => "ERROR",
        InstanceStatus.Shutdown => "SHUTDOWN",
        _ => string.Empty,
    };
}
