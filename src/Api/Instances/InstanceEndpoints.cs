using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;

namespace Serverless.Api.Instances;

/// <summary><c>/instances</c>: create, list, show, delete and actions (trove-api.md §7).</summary>
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
    ];

    private static async Task<IResult> CreateAsync(
        [FromRoute(Name = "project_id")] string projectId, HttpContext context, InstanceService service, InstanceWireMapper mapper, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var request = CreateInstanceBody.Parse(body);
        var created = await service.CreateAsync(projectId, request, cancellationToken);
        return TypedResults.Json(new InstanceEnvelope(mapper.Map(context, projectId, created)), TroveJsonContext.Default.InstanceEnvelope);
    }

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = "project_id")] string projectId, HttpContext context, InstanceService service, InstanceWireMapper mapper, ResourceLinks links, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var all = await service.ListAsync(projectId, cancellationToken);
        var (page, next) = MarkerPaging.Page(
            context.Request, all, instance => instance.Id, "an instance", options.Value.MaxPageSize, $"{links.ProjectBase(context, projectId)}/instances");
        var items = page.Select(instance => mapper.Map(context, projectId, instance)).ToList();
        return TypedResults.Json(new InstanceListEnvelope(items, next), TroveJsonContext.Default.InstanceListEnvelope);
    }

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, HttpContext context, InstanceService service, InstanceWireMapper mapper, CancellationToken cancellationToken)
    {
        var instance = await service.GetAsync(projectId, instanceId, cancellationToken);
        return TypedResults.Json(new InstanceEnvelope(mapper.Map(context, projectId, instance)), TroveJsonContext.Default.InstanceEnvelope);
    }

    private static async Task<IResult> DeleteAsync([FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, InstanceService service, CancellationToken cancellationToken)
    {
        await service.DeleteAsync(projectId, instanceId, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ActionAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, HttpContext context, InstanceService service, InstanceChangeService changes, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
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
            case "promote_to_replica_source" or "eject_replica_source":
                // Look the instance up first so that an unknown id still answers 404, as Trove does.
                await service.GetAsync(projectId, instanceId, cancellationToken);
                throw TroveRequestException.NotImplemented($"The action '{action[0].Name}' is not supported by this service yet.");
            default:
                throw TroveRequestException.BadRequest($"Unknown action '{action[0].Name}'. Supported actions: restart, resize, reset_status.");
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
}
