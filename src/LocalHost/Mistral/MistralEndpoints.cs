using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Schedules;

namespace Serverless.LocalHost.Mistral;

/// <summary>
/// The part of Mistral's v2 API that the legacy <c>trove schedule-*</c> and <c>execution-*</c> commands use
/// (docs/trove-clients.md §7), mapped onto our schedules: a cron trigger is a schedule (its <c>name</c> is the schedule
/// id the client made up), an execution is one run of it. Only the <c>trove.backup_create</c> workflow exists.
/// </summary>
/// <remarks>
/// The client compares an execution's <c>input</c> with its trigger's <c>workflow_input</c> after parsing both, so
/// both are written from the schedule the same way: <c>instance</c>, <c>name</c>, <c>description</c>,
/// <c>incremental</c>, exactly the keys the client sends. Create answers exactly 201 and deletes exactly 204, and
/// execution lists honour <c>marker</c> and end with an empty page: the client depends on all three.
/// </remarks>
internal static class MistralEndpoints
{
    public const string Prefix = "/mistral/v2";

    private const string Workflow = "trove.backup_create";

    public static void Map(IEndpointRouteBuilder endpoints, string project, string projectToken)
    {
        var mistral = endpoints.MapGroup(Prefix);
        mistral.AddEndpointFilter(async (context, next) =>
            SameToken(context.HttpContext.Request.Headers["X-Auth-Token"].ToString(), projectToken)
                ? await next(context)
                : Fault(StatusCodes.Status401Unauthorized, "The request you have made requires authentication: send the token the identity service issued."));
        mistral.MapPost("/cron_triggers", (HttpContext context, ScheduleService schedules, CancellationToken cancellationToken) => CreateTriggerAsync(context, schedules, project, cancellationToken));
        mistral.MapGet("/cron_triggers", async (ScheduleService schedules, CancellationToken cancellationToken) =>
        {
            var all = await schedules.ListAsync(project, instanceId: null, cancellationToken);
            return Json(StatusCodes.Status200OK, writer => WriteArray(writer, "cron_triggers", all, WriteTrigger));
        });
        mistral.MapGet("/cron_triggers/{name}", (string name, ScheduleService schedules, CancellationToken cancellationToken) =>
            GuardAsync($"Cron trigger not found [name={name}]", async () =>
            {
                var schedule = await schedules.GetAsync(project, name, cancellationToken);
                return Bare(StatusCodes.Status200OK, writer => WriteTrigger(writer, schedule));
            }));
        mistral.MapDelete("/cron_triggers/{name}", (string name, ScheduleService schedules, CancellationToken cancellationToken) =>
            GuardAsync($"Cron trigger not found [name={name}]", async () =>
            {
                await schedules.DeleteAsync(project, name, cancellationToken);
                return TypedResults.NoContent();
            }));
        mistral.MapGet("/executions", (HttpContext context, ScheduleService schedules, CancellationToken cancellationToken) => ListExecutionsAsync(context, schedules, project, cancellationToken));
        mistral.MapDelete("/executions/{id}", (string id, ScheduleService schedules, CancellationToken cancellationToken) =>
            GuardAsync($"Execution not found [id={id}]", async () =>
            {
                await schedules.DeleteExecutionAsync(project, id, cancellationToken);
                return TypedResults.NoContent();
            }));
    }

    private static async Task<ContentHttpResult> CreateTriggerAsync(HttpContext context, ScheduleService schedules, string project, CancellationToken cancellationToken)
    {
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, cancellationToken);
            var root = body.RootElement;
            var workflow = StringOf(root, "workflow_name");
            if (workflow != Workflow)
            {
                return Fault(StatusCodes.Status400BadRequest, $"Workflow not found [name={workflow}]: only {Workflow} is served here.");
            }

            using var input = JsonDocument.Parse(StringOf(root, "workflow_input") ?? "{}");
            var arguments = input.RootElement;
            var incremental = arguments.TryGetProperty("incremental", out var flag) && flag.ValueKind == JsonValueKind.True;
            var request = new CreateScheduleRequest(
                StringOf(arguments, "name") ?? string.Empty, StringOf(arguments, "instance") ?? string.Empty, StringOf(root, "pattern") ?? string.Empty,
                StringOf(arguments, "description"), incremental, KeepCount: null, KeepDays: null)
            {
                ScheduleId = StringOf(root, "name"),
            };
            var schedule = await schedules.CreateAsync(project, request, cancellationToken);
            return Bare(StatusCodes.Status201Created, writer => WriteTrigger(writer, schedule));
        }
        catch (JsonException)
        {
            return Fault(StatusCodes.Status400BadRequest, "The body, or its workflow_input, is not valid JSON.");
        }
        catch (CatalogValidationException e)
        {
            return Fault(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (CatalogConflictException e)
        {
            return Fault(StatusCodes.Status409Conflict, e.Message);
        }
        catch (CatalogNotFoundException e)
        {
            return Fault(StatusCodes.Status404NotFound, e.Message);
        }
    }

    private static async Task<ContentHttpResult> ListExecutionsAsync(HttpContext context, ScheduleService schedules, string project, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : 100;
        var runs = new List<(ScheduleView Schedule, ScheduleExecutionView Run)>();
        foreach (var schedule in await schedules.ListAsync(project, instanceId: null, cancellationToken))
        {
            runs.AddRange((await schedules.ListExecutionsAsync(project, schedule.Id, cancellationToken)).Select(run => (schedule, run)));
        }

        // Newest first (sort_dirs=desc, the only order the client asks for); a marker continues after that execution.
        var ordered = runs.OrderByDescending(r => r.Run.Due).ThenByDescending(r => r.Run.Id, StringComparer.Ordinal).ToList();
        var start = query["marker"].ToString() is { Length: > 0 } marker ? ordered.FindIndex(r => r.Run.Id == marker) + 1 : 0;
        if (start == 0 && query["marker"].ToString().Length > 0)
        {
            return Fault(StatusCodes.Status400BadRequest, $"Execution not found [id={query["marker"]}]: the marker must be an execution of an earlier page.");
        }

        var page = ordered.Skip(start).Take(limit).ToList();
        return Json(StatusCodes.Status200OK, writer => WriteArray(writer, "executions", page, (w, r) => WriteExecution(w, r.Schedule, r.Run, project)));
    }

    private static async Task<IResult> GuardAsync(string notFound, Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (CatalogNotFoundException)
        {
            return Fault(StatusCodes.Status404NotFound, notFound);
        }
    }

    private static void WriteTrigger(Utf8JsonWriter writer, ScheduleView schedule)
    {
        writer.WriteStartObject();
        writer.WriteString("id", schedule.Id);
        writer.WriteString("name", schedule.Id);
        writer.WriteString("pattern", schedule.Pattern);
        writer.WriteString("workflow_name", Workflow);
        writer.WriteString("workflow_id", Workflow);
        writer.WriteString("workflow_input", WorkflowInput(schedule));
        writer.WriteString("workflow_params", "{}");
        writer.WriteString("scope", "private");
        writer.WriteNull("remaining_executions");
        writer.WriteNull("first_execution_time");
        writer.WriteString("next_execution_time", MistralTime(schedule.NextRun));
        writer.WriteString("created_at", MistralTime(schedule.Created));
        writer.WriteString("updated_at", MistralTime(schedule.Updated));
        writer.WriteString("project_id", schedule.ProjectId);
        writer.WriteEndObject();
    }

    private static void WriteExecution(Utf8JsonWriter writer, ScheduleView schedule, ScheduleExecutionView run, string project)
    {
        writer.WriteStartObject();
        writer.WriteString("id", run.Id);
        writer.WriteString("workflow_name", Workflow);
        writer.WriteString("workflow_id", Workflow);
        writer.WriteString("description", string.Empty);
        writer.WriteString("params", "{}");
        writer.WriteString("state", State(run));
        if (run.Reason is { } reason)
        {
            writer.WriteString("state_info", reason);
        }
        else
        {
            writer.WriteNull("state_info");
        }

        writer.WriteString("input", WorkflowInput(schedule));
        writer.WriteString("output", Output(run));
        writer.WriteString("created_at", MistralTime(run.Due));
        writer.WriteString("updated_at", MistralTime(run.Claimed));
        writer.WriteNull("task_execution_id");
        writer.WriteNull("root_execution_id");
        writer.WriteNull("source_execution_id");
        writer.WriteString("project_id", project);
        writer.WriteEndObject();
    }

    // Mistral's states: a started backup is RUNNING until it completes (SUCCESS) or fails; a skipped or failed run is ERROR.
    private static string State(ScheduleExecutionView run) => run.State switch
    {
        ScheduleExecutionState.Started => run.BackupStatus switch
        {
            BackupStatus.Completed => "SUCCESS",
            BackupStatus.Failed => "ERROR",
            null when run.Pruned is not null => "SUCCESS",
            null => "ERROR",
            _ => "RUNNING",
        },
        ScheduleExecutionState.Pending => "RUNNING",
        _ => "ERROR",
    };

    private static string Output(ScheduleExecutionView run) => JsonText(writer =>
    {
        writer.WriteStartObject();
        if (run.BackupId is { } backupId)
        {
            writer.WriteString("backup_id", backupId);
        }

        if (run.Reason is { } reason)
        {
            writer.WriteString("reason", reason);
        }

        if (run.Pruned is { } pruned)
        {
            writer.WriteString("pruned_at", MistralTime(pruned));
        }

        writer.WriteEndObject();
    });

    private static string WorkflowInput(ScheduleView schedule) => JsonText(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("instance", schedule.InstanceId);
        writer.WriteString("name", schedule.Name);
        if (schedule.Description is { } description)
        {
            writer.WriteString("description", description);
        }
        else
        {
            writer.WriteNull("description");
        }

        writer.WriteBoolean("incremental", schedule.Incremental);
        writer.WriteEndObject();
    });

    private static void WriteArray<T>(Utf8JsonWriter writer, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> write)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            write(writer, item);
        }

        writer.WriteEndArray();
    }

    private static string MistralTime(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy'-'MM'-'dd' 'HH':'mm':'ss", CultureInfo.InvariantCulture);

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool SameToken(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    // mistralclient prints the faultstring of an error body.
    private static ContentHttpResult Fault(int status, string message) =>
        Json(status, writer => writer.WriteString("faultstring", message));

    private static ContentHttpResult Json(int status, Action<Utf8JsonWriter> writeMembers) =>
        Bare(status, writer =>
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        });

    // A trigger is answered as a bare object, not wrapped in a key.
    private static ContentHttpResult Bare(int status, Action<Utf8JsonWriter> writeValue) =>
        TypedResults.Content(JsonText(writeValue), "application/json", Encoding.UTF8, status);

    private static string JsonText(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
