using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Errors;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;

namespace Serverless.Api.Operations;

/// <summary>
/// <c>/operations/{id}</c> and <c>/instances/{id}/operations</c>: our extensions for polling a long-running operation's
/// step and progress, and for an instance's history of operations (the web console's operations page).
/// </summary>
internal static class OperationEndpoints
{
    // An instance's history is read from the project's operation records; a page of the newest is what people look at.
    private const int DefaultListLimit = 20;

    public static IEnumerable<TroveRoute> Routes =>
    [
        new(TroveRouteNames.GetOperation, "GET", "operations/{operation_id}", GetAsync),
        new(TroveRouteNames.ListInstanceOperations, "GET", "instances/{instance_id}/operations", ListAsync),
    ];

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = "project_id")] string projectId,
        [FromRoute(Name = "operation_id")] string operationId,
        HttpContext context,
        InstanceService service,
        ResourceLinks links,
        CancellationToken cancellationToken)
    {
        var operation = await service.GetOperationAsync(projectId, operationId, cancellationToken);
        return TypedResults.Json(new OperationEnvelope(Wire(context, projectId, operation, links)), TroveJsonContext.Default.OperationEnvelope);
    }

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = "project_id")] string projectId,
        [FromRoute(Name = "instance_id")] string instanceId,
        HttpContext context,
        InstanceService service,
        ResourceLinks links,
        CancellationToken cancellationToken)
    {
        var limit = DefaultListLimit;
        if (context.Request.Query.TryGetValue("limit", out var asked) && (!int.TryParse(asked, out limit) || limit is < 1 or > 1000))
        {
            throw TroveRequestException.BadRequest($"'limit' must be a whole number from 1 to 1000, not '{asked}'.");
        }

        var operations = await service.ListOperationsAsync(projectId, instanceId, limit, cancellationToken);
        return TypedResults.Json(
            new OperationListEnvelope([.. operations.Select(operation => Wire(context, projectId, operation, links))]),
            TroveJsonContext.Default.OperationListEnvelope);
    }

    private static OperationWire Wire(HttpContext context, string projectId, OperationView operation, ResourceLinks links) =>
        new(
            operation.Id,
            operation.InstanceId,
            operation.Kind,
            operation.Status,
            operation.CurrentStep,
            operation.ProgressPercent,
            operation.Error,
            TroveTime.Format(operation.Created),
            TroveTime.Format(operation.Updated),
            links.Of(context, projectId, "operations", operation.Id)) { Note = operation.Note };
}
