using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;
using Serverless.Api.Wire;
using Serverless.DataPlane.Accounts;
using Serverless.Orchestrations.Users;

namespace Serverless.Api.Users;

/// <summary><c>/instances/{id}/databases</c>: the databases (schemas) of a running instance (trove-clients.md §3.3).</summary>
internal static class DatabaseEndpoints
{
    public static IEnumerable<TroveRoute> Routes =>
    [
        new(TroveRouteNames.CreateDatabases, "POST", "instances/{instance_id}/databases", CreateAsync),
        new(TroveRouteNames.ListDatabases, "GET", "instances/{instance_id}/databases", ListAsync),
        new(TroveRouteNames.DeleteDatabase, "DELETE", "instances/{instance_id}/databases/{database}", DeleteAsync),
    ];

    private static async Task<IResult> CreateAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, HttpContext context, [FromServices] AccountService service, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        JsonBody.OnlyKnownFields(body, string.Empty, "databases");
        var databases = new List<DatabaseDefinition>();
        var index = 0;
        foreach (var database in JsonBody.OptionalArray(body, string.Empty, "databases"))
        {
            var path = $"databases[{index++}]";
            if (database.ValueKind != JsonValueKind.Object)
            {
                throw TroveRequestException.BadRequest($"'{path}' must be an object such as {{\"name\": \"db1\"}}.");
            }

            JsonBody.OnlyKnownFields(database, path, "name", "character_set", "collate");
            databases.Add(new DatabaseDefinition(
                JsonBody.RequiredString(database, path, "name"),
                NullIfEmpty(JsonBody.OptionalString(database, path, "character_set")),
                NullIfEmpty(JsonBody.OptionalString(database, path, "collate"))));
        }

        await service.CreateDatabasesAsync(projectId, instanceId, databases, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, HttpContext context, [FromServices] AccountService service, ResourceLinks links, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var databases = await service.ListDatabasesAsync(projectId, instanceId, cancellationToken);
        var (page, next) = ListPaging.Page(
            context.Request, databases, name => name, "a database of the instance", options.Value.MaxPageSize,
            $"{links.ProjectBase(context, projectId)}/instances/{instanceId}/databases");
        return TypedResults.Json(new DatabaseListEnvelope([.. page.Select(name => new DatabaseNameWire(name))], next), TroveJsonContext.Default.DatabaseListEnvelope);
    }

    private static async Task<IResult> DeleteAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, [FromRoute(Name = "database")] string database, [FromServices] AccountService service, CancellationToken cancellationToken)
    {
        await service.DeleteDatabaseAsync(projectId, instanceId, database, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
