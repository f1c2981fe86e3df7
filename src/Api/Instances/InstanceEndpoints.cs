using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Instances;

namespace Serverless.Api.Instances;

/// <summary><c>/instances</c>: create, list, show, delete and actions (trove-api.md §7).</summary>
internal static class InstanceEndpoints
{
    public static void Map(IEndpointRouteBuilder project)
    {
        var instances = project.MapGroup("/instances");
        instances.MapPost("/", CreateAsync);
        instances.MapGet("/", ListAsync);
        instances.MapGet("/{instance_id}", GetAsync);
        instances.MapDelete("/{instance_id}", DeleteAsync);
        instances.MapPost("/{instance_id}/action", ActionAsync);
    }

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
        var limit = Limit(context.Request.Query["limit"], options.Value.MaxPageSize);
        var marker = context.Request.Query["marker"].ToString();
        var all = (await service.ListAsync(projectId, cancellationToken))
            .OrderBy(instance => instance.Created)
            .ThenBy(instance => instance.Id, StringComparer.Ordinal)
            .ToList();

        // Trove pages by id: the page starts after the marker (an unknown marker is a 400 there too).
        var start = 0;
        if (marker.Length > 0)
        {
            var at = all.FindIndex(instance => string.Equals(instance.Id, marker, StringComparison.Ordinal));
            start = at >= 0 ? at + 1 : throw TroveRequestException.BadRequest($"Marker {marker} is not an instance of this project; use an id from the previous page.");
        }

        var page = all.Skip(start).Take(limit).ToList();
        IReadOnlyList<Link>? next = null;
        if (start + page.Count < all.Count && page.Count > 0)
        {
            var href = $"{links.ProjectBase(context, projectId)}/instances?limit={limit.ToString(CultureInfo.InvariantCulture)}&marker={Uri.EscapeDataString(page[^1].Id)}";
            next = [new Link(href, "next")];
        }

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
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, HttpContext context, InstanceService service, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
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
            case "resize" or "promote_to_replica_source" or "eject_replica_source" or "reset_status":
                // Look the instance up first so that an unknown id still answers 404, as Trove does.
                await service.GetAsync(projectId, instanceId, cancellationToken);
                throw TroveRequestException.NotImplemented($"The action '{action[0].Name}' is not supported by this service yet.");
            default:
                throw TroveRequestException.BadRequest($"Unknown action '{action[0].Name}'. Supported actions: restart.");
        }
    }

    private static int Limit(string? value, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return max;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? Math.Min(limit, max)
            : throw TroveRequestException.BadRequest("'limit' must be a positive whole number.");
    }
}
