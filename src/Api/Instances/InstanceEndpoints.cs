using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Replication;

namespace Serverless.Api.Instances;

/// <summary><c>/instances</c>: create (replicas too), list, show, update (detach), delete and actions (trove-api.md §7).</summary>
internal static class InstanceEndpoints
{
    public static IEnumerable<TroveRoute> Routes =>
    [
        new(TroveRouteNames.CreateInstance, "POST", "instances", CreateAsync),
        new(TroveRouteNames.ListInstances, "GET", "instances", ListAsync),
        new(TroveRouteNames.GetInstance, "GET", "instances/{instance_id}", GetAsync),
        new(TroveRouteNames.DeleteInstance, "DELETE", "instances/{instance_id}", DeleteAsync),
        new(TroveRouteNames.InstanceAction, "POST", "instances/{instance_id}/action", ActionAsync),
        new(TroveRouteNames.UpdateInstance, "PUT", "instances/{instance_id}", InstanceUpdateEndpoints.UpdateAsync),
        new(TroveRouteNames.PatchInstance, "PATCH", "instances/{instance_id}", InstanceUpdateEndpoints.UpdateAsync),
        new(TroveRouteNames.GetInstanceConnection, "GET", "instances/{instance_id}/connection", GetConnectionAsync),
    ];

    private static async Task<IResult> CreateAsync(
        [FromRoute(Name = "project_id")] string projectId, HttpContext context, InstanceService service, [FromServices] ReplicationService replication, InstanceWireMapper mapper, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var request = CreateInstanceBody.Parse(body);
        var created = request.ReplicateFrom is not null ? await replication.CreateFromExternalAsync(projectId, request, cancellationToken)
            : request.ReplicaOf is null ? await service.CreateAsync(projectId, request, cancellationToken)
            : await replication.CreateReplicasAsync(projectId, request, cancellationToken);
        return TypedResults.Json(new InstanceEnvelope(mapper.Map(context, projectId, created)), TroveJsonContext.Default.InstanceEnvelope);
    }

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = "project_id")] string projectId, HttpContext context, InstanceService service, InstanceWireMapper mapper, ResourceLinks links, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var all = await service.ListAsync(projectId, cancellationToken);
        var (page, next) = MarkerPaging.Page(
            context.Request, all, instance => instance.Id, "an instance", options.Value.MaxPageSize, $"{links.ProjectBase(context, projectId)}/instances");
        var names = all.ToDictionary(i => i.Id, i => i.Name, StringComparer.Ordinal);
        var items = page.Select(instance => mapper.Map(context, projectId, instance, ReplicationView.Of(instance, names))).ToList();
        return TypedResults.Json(new InstanceListEnvelope(items, next), TroveJsonContext.Default.InstanceListEnvelope);
    }

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, HttpContext context, InstanceService service, [FromServices] ReplicationService replication, InstanceWireMapper mapper, CancellationToken cancellationToken)
    {
        var instance = await service.GetAsync(projectId, instanceId, cancellationToken);
        var topology = await replication.DescribeAsync(instance, includeHealth: true, cancellationToken);
        return TypedResults.Json(new InstanceEnvelope(mapper.Map(context, projectId, instance, topology)), TroveJsonContext.Default.InstanceEnvelope);
    }

    private static async Task<IResult> DeleteAsync([FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, InstanceService service, CancellationToken cancellationToken)
    {
        await service.DeleteAsync(projectId, instanceId, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ActionAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, HttpContext context, InstanceService service, InstanceChangeService changes, [FromServices] ReplicationService replication, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var action = body.EnumerateObject().ToList();
        if (action.Count != 1)
        {
            throw TroveRequestException.BadRequest("An action body holds exactly one action, for example {\"restart\": {}}.");
        }

        switch (action[0].Name)
        {
            case "restart":
                if (action[0].Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                {
                    throw TroveRequestException.BadRequest("'restart' must be an empty object: {\"restart\": {}}.");
                }

                await service.RestartAsync(projectId, instanceId, cancellationToken);
                return TypedResults.StatusCode(StatusCodes.Status202Accepted);
            case "reset_status":
                if (action[0].Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                {
                    throw TroveRequestException.BadRequest("'reset_status' must be an empty object: {\"reset_status\": {}}.");
                }

                await changes.ResetStatusAsync(projectId, instanceId, cancellationToken);
                return TypedResults.StatusCode(StatusCodes.Status202Accepted);
            case "resize":
                var (flavorRef, volume) = ResizeBody(action[0].Value);
                await changes.ResizeAsync(projectId, instanceId, flavorRef, volume, cancellationToken);
                return TypedResults.StatusCode(StatusCodes.Status202Accepted);
            case "promote_to_replica_source" or "eject_replica_source" or "resync":
                if (action[0].Value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
                {
                    throw TroveRequestException.BadRequest($"'{action[0].Name}' must be an empty object: {{\"{action[0].Name}\": {{}}}}.");
                }

                await (action[0].Name switch
                {
                    "promote_to_replica_source" => replication.PromoteAsync(projectId, instanceId, cancellationToken),
                    "eject_replica_source" => replication.EjectAsync(projectId, instanceId, cancellationToken),
                    _ => replication.ResyncAsync(projectId, instanceId, cancellationToken),
                });
                return TypedResults.StatusCode(StatusCodes.Status202Accepted);
            default:
                throw TroveRequestException.BadRequest($"Unknown action '{action[0].Name}'. Supported actions: restart, resize, reset_status, promote_to_replica_source, eject_replica_source, resync.");
        }
    }

    // {"resize": {"flavorRef": 6}} or {"resize": {"volume": {"size": 10}}} (docs/trove-clients.md §5).
    private static (string? FlavorRef, int? Volume) ResizeBody(JsonElement resize)
    {
        const string path = "resize";
        if (resize.ValueKind != JsonValueKind.Object)
        {
            throw TroveRequestException.BadRequest("'resize' must be {\"flavorRef\": <flavor id>} or {\"volume\": {\"size\": <GB>}}.");
        }

        JsonBody.OnlyKnownFields(resize, path, "flavorRef", "volume");
        var flavor = JsonBody.Optional(resize, "flavorRef");
        var volume = JsonBody.OptionalObject(resize, path, "volume");
        if ((flavor is null) == (volume is null))
        {
            throw TroveRequestException.BadRequest("'resize' takes either 'flavorRef' or 'volume', one at a time.");
        }

        if (volume is { } size)
        {
            JsonBody.OnlyKnownFields(size, $"{path}.volume", "size");
            return (null, JsonBody.RequiredInteger(size, $"{path}.volume", "size"));
        }

        return (flavor!.Value.ValueKind switch
        {
            JsonValueKind.Number => flavor.Value.GetRawText(),
            JsonValueKind.String when flavor.Value.GetString() is { Length: > 0 } text => text.TrimEnd('/').Split('/')[^1],
            _ => throw TroveRequestException.BadRequest("'resize.flavorRef' must be a flavor id (a number or a string)."),
        }, null);
    }

    // GET /instances/{id}/connection, our extension (docs/replication.md): the set's connection settings as environment variables.
    private static async Task<IResult> GetConnectionAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, [FromServices] ReplicationService replication, CancellationToken cancellationToken)
    {
        var settings = await replication.GetConnectionAsync(projectId, instanceId, cancellationToken);
        return TypedResults.Json(
            new ConnectionEnvelope(new ConnectionWire(settings.PrimaryHost, settings.PrimaryPort, settings.Replicas, settings.Variables())),
            TroveJsonContext.Default.ConnectionEnvelope);
    }
}
