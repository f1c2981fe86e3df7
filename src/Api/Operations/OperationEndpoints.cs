using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;

namespace Serverless.Api.Operations;

/// <summary><c>/operations/{id}</c>: our extension for polling a long-running operation's step and progress.</summary>
internal static class OperationEndpoints
{
    public static IEnumerable<TroveRoute> Routes =>
    [
        new(TroveRouteNames.GetOperation, "GET", "operations/{operation_id}", GetAsync),
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
        var wire = new OperationWire(
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
        return TypedResults.Json(new OperationEnvelope(wire), TroveJsonContext.Default.OperationEnvelope);
    }
}
