using System.Text.Json;
using Serverless.Api.Errors;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Schedules;

namespace Serverless.Api.Schedules;

/// <summary>
/// Turns <c>{"schedule": {"name", "pattern", "description", "incremental", "keep_count", "keep_days"}}</c> into a
/// <see cref="CreateScheduleRequest"/> for the instance in the path; any other field is refused with 400 naming it.
/// Range checks (pattern, retention) are the service's, so that every client gets the same messages.
/// </summary>
internal static class CreateScheduleBody
{
    private const string Path = "schedule";

    public static CreateScheduleRequest Parse(JsonElement body, string instanceId)
    {
        JsonBody.OnlyKnownFields(body, string.Empty, Path);
        var schedule = JsonBody.RequiredObject(body, string.Empty, Path);
        JsonBody.OnlyKnownFields(schedule, Path, "name", "pattern", "description", "incremental", "keep_count", "keep_days");
        return new CreateScheduleRequest(
            JsonBody.RequiredString(schedule, Path, "name"),
            instanceId,
            JsonBody.OptionalString(schedule, Path, "pattern")
                ?? throw TroveRequestException.BadRequest($"'{Path}.pattern' is required: a cron pattern in UTC, for example \"0 3 * * *\" (every day at 03:00)."),
            JsonBody.OptionalString(schedule, Path, "description"),
            JsonBody.Optional(schedule, "incremental") switch
            {
                null => false,
                { ValueKind: JsonValueKind.True } => true,
                { ValueKind: JsonValueKind.False } => false,
                _ => throw TroveRequestException.BadRequest($"'{Path}.incremental' must be true or false."),
            },
            OptionalInteger(schedule, "keep_count"),
            OptionalInteger(schedule, "keep_days"));
    }

    private static int? OptionalInteger(JsonElement schedule, string name) =>
        JsonBody.Optional(schedule, name) is null ? null : JsonBody.RequiredInteger(schedule, Path, name);
}
