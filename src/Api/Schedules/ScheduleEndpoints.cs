using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Schedules;

namespace Serverless.Api.Schedules;

/// <summary>
/// Backup schedules, our extension in Trove's style (Trove itself delegates them to Mistral):
/// <c>POST/GET /instances/{id}/schedules</c>, <c>GET/DELETE /schedules/{id}</c> and
/// <c>GET /schedules/{id}/executions</c>. See docs/schedules.md.
/// </summary>
/// <remarks>
/// Creating a schedule is done when the call returns (200, as Trove's synchronous creates); deleting answers 202 as
/// Trove's deletes do. Lists are single pages: an instance has few schedules, and a schedule's runs are listed newest first.
/// </remarks>
internal static class ScheduleEndpoints
{
    public static IEnumerable<TroveRoute> Routes =>
    [
        new(TroveRouteNames.CreateSchedule, "POST", "instances/{instance_id}/schedules", CreateAsync),
        new(TroveRouteNames.ListInstanceSchedules, "GET", "instances/{instance_id}/schedules", ListAsync),
        new(TroveRouteNames.GetSchedule, "GET", "schedules/{schedule_id}", GetAsync),
        new(TroveRouteNames.DeleteSchedule, "DELETE", "schedules/{schedule_id}", DeleteAsync),
        new(TroveRouteNames.ListScheduleExecutions, "GET", "schedules/{schedule_id}/executions", ListExecutionsAsync),
    ];

    private static async Task<IResult> CreateAsync(
        [FromRoute(Name = "project_id")] string projectId,
        [FromRoute(Name = "instance_id")] string instanceId,
        HttpContext context,
        [FromServices] ScheduleService service,
        IOptions<TroveApiOptions> options,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        var created = await service.CreateAsync(projectId, CreateScheduleBody.Parse(body, instanceId), cancellationToken);
        return TypedResults.Json(new ScheduleEnvelope(Map(created)), TroveJsonContext.Default.ScheduleEnvelope);
    }

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = "project_id")] string projectId,
        [FromRoute(Name = "instance_id")] string instanceId,
        [FromServices] Orchestrations.Instances.InstanceService instances,
        [FromServices] ScheduleService service,
        CancellationToken cancellationToken)
    {
        // The path names the instance, so an unknown one is a 404 rather than an empty list.
        await instances.GetAsync(projectId, instanceId, cancellationToken);
        var schedules = await service.ListAsync(projectId, instanceId, cancellationToken);
        return TypedResults.Json(new ScheduleListEnvelope([.. schedules.Select(Map)]), TroveJsonContext.Default.ScheduleListEnvelope);
    }

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "schedule_id")] string scheduleId, [FromServices] ScheduleService service, CancellationToken cancellationToken) =>
        TypedResults.Json(new ScheduleEnvelope(Map(await service.GetAsync(projectId, scheduleId, cancellationToken))), TroveJsonContext.Default.ScheduleEnvelope);

    private static async Task<IResult> DeleteAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "schedule_id")] string scheduleId, [FromServices] ScheduleService service, CancellationToken cancellationToken)
    {
        await service.DeleteAsync(projectId, scheduleId, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListExecutionsAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "schedule_id")] string scheduleId, [FromServices] ScheduleService service, CancellationToken cancellationToken)
    {
        var executions = await service.ListExecutionsAsync(projectId, scheduleId, cancellationToken);
        return TypedResults.Json(new ScheduleExecutionListEnvelope([.. executions.Select(Map)]), TroveJsonContext.Default.ScheduleExecutionListEnvelope);
    }

    private static ScheduleWire Map(ScheduleView schedule) => new(
        schedule.Id,
        schedule.Name,
        schedule.Description,
        schedule.InstanceId,
        schedule.Pattern,
        schedule.Incremental,
        schedule.KeepCount,
        schedule.KeepDays,
        TroveTime.Format(schedule.NextRun),
        TroveTime.Format(schedule.Created),
        TroveTime.Format(schedule.Updated),
        schedule.ProjectId);

    private static ScheduleExecutionWire Map(ScheduleExecutionView execution) => new(
        execution.Id,
        execution.ScheduleId,
        execution.InstanceId,
        TroveTime.Format(execution.Due),
        execution.State,
        execution.BackupId,
        execution.BackupStatus,
        execution.Reason,
        execution.MissedRuns,
        execution.Pruned is { } pruned ? TroveTime.Format(pruned) : null);
}
