using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Instances;

namespace Serverless.Api.Backups;

/// <summary>
/// <c>/backups</c> and <c>/instances/{id}/backups</c>: create, list, show and delete (trove-api.md §8). Restoring
/// is an instance create with a <c>restorePoint</c>.
/// </summary>
/// <remarks>
/// <c>BackupService</c> comes from the host, and is resolved per request so that a host without backups still starts.
/// Lists are newest first, as Trove's. <c>datastore</c> is accepted and ignored: every backup here is of the one
/// datastore. Tokens are per project and there are no administrators, so <c>all_projects=True</c>, and a
/// <c>project_id</c> other than the one in the path, are refused with 403; naming the path's own project is fine.
/// </remarks>
internal static class BackupEndpoints
{
    public static IEnumerable<TroveRoute> Routes =>
    [
        new(TroveRouteNames.CreateBackup, "POST", "backups", CreateAsync),
        new(TroveRouteNames.ListBackups, "GET", "backups", ListAsync),
        new(TroveRouteNames.GetBackup, "GET", "backups/{backup_id}", GetAsync),
        new(TroveRouteNames.DeleteBackup, "DELETE", "backups/{backup_id}", DeleteAsync),
        new(TroveRouteNames.ListInstanceBackups, "GET", "instances/{instance_id}/backups", ListOfInstanceAsync),
    ];

    private static async Task<IResult> CreateAsync(
        [FromRoute(Name = "project_id")] string projectId, HttpContext context, [FromServices] BackupService service, BackupWireMapper mapper, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var created = await service.CreateAsync(projectId, CreateBackupBody.Parse(body), cancellationToken);
        return TypedResults.Json(new BackupEnvelope(await mapper.MapAsync(created, cancellationToken)), TroveJsonContext.Default.BackupEnvelope, statusCode: StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = "project_id")] string projectId,
        HttpContext context,
        [FromServices] BackupService service,
        BackupWireMapper mapper,
        ResourceLinks links,
        IOptions<TroveApiOptions> options,
        CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        if (QueryFlag(query["all_projects"].ToString(), "all_projects"))
        {
            throw new TroveRequestException(StatusCodes.Status403Forbidden, $"Listing the backups of all projects is not allowed; this endpoint lists the backups of project {projectId} only.");
        }

        if (query["project_id"].ToString() is { Length: > 0 } other && !string.Equals(other, projectId, StringComparison.Ordinal))
        {
            throw new TroveRequestException(StatusCodes.Status403Forbidden, $"The backups of project {other} are listed at that project's own endpoint, with its token; this endpoint serves project {projectId}.");
        }

        var instanceId = query["instance_id"].ToString() is { Length: > 0 } filter ? filter : null;
        var backups = await service.ListAsync(projectId, instanceId, cancellationToken);
        return await PageAsync(context, backups, $"{links.ProjectBase(context, projectId)}/backups", instanceId, mapper, options.Value, cancellationToken);
    }

    private static async Task<IResult> ListOfInstanceAsync(
        [FromRoute(Name = "project_id")] string projectId,
        [FromRoute(Name = "instance_id")] string instanceId,
        HttpContext context,
        InstanceService instances,
        [FromServices] BackupService service,
        BackupWireMapper mapper,
        ResourceLinks links,
        IOptions<TroveApiOptions> options,
        CancellationToken cancellationToken)
    {
        // The path names the instance, so an unknown one is a 404 rather than an empty list.
        await instances.GetAsync(projectId, instanceId, cancellationToken);
        var backups = await service.ListAsync(projectId, instanceId, cancellationToken);
        var href = $"{links.ProjectBase(context, projectId)}/instances/{Uri.EscapeDataString(instanceId)}/backups";
        return await PageAsync(context, backups, href, instanceId: null, mapper, options.Value, cancellationToken);
    }

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "backup_id")] string backupId, [FromServices] BackupService service, BackupWireMapper mapper, CancellationToken cancellationToken)
    {
        var backup = await service.GetAsync(projectId, backupId, cancellationToken);
        return TypedResults.Json(new BackupEnvelope(await mapper.MapAsync(backup, cancellationToken)), TroveJsonContext.Default.BackupEnvelope);
    }

    private static async Task<IResult> DeleteAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "backup_id")] string backupId, [FromServices] BackupService service, CancellationToken cancellationToken)
    {
        await service.DeleteAsync(projectId, backupId, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> PageAsync(
        HttpContext context,
        IReadOnlyList<BackupView> backups,
        string collectionHref,
        string? instanceId,
        BackupWireMapper mapper,
        TroveApiOptions options,
        CancellationToken cancellationToken)
    {
        var newestFirst = backups
            .OrderByDescending(backup => backup.Created)
            .ThenByDescending(backup => backup.Id, StringComparer.Ordinal)
            .ToList();
        var (page, next) = MarkerPaging.Page(
            context.Request, newestFirst, backup => backup.Id, "a backup", options.MaxPageSize, collectionHref, KeyValuePair.Create("instance_id", instanceId));
        var items = await mapper.MapAsync(page, cancellationToken);
        return TypedResults.Json(new BackupListEnvelope(items, next), TroveJsonContext.Default.BackupListEnvelope);
    }

    // The clients send Python booleans (all_projects=True); Trove reads them with oslo's bool_from_string.
    private static bool QueryFlag(string value, string name) => value.ToUpperInvariant() switch
    {
        "" or "FALSE" or "0" or "NO" or "OFF" or "F" or "N" => false,
        "TRUE" or "1" or "YES" or "ON" or "T" or "Y" => true,
        _ => throw TroveRequestException.BadRequest($"'{name}' must be True or False."),
    };
}
