using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.Orchestrations.Schedules;

/// <summary>
/// Where schedules and their runs live in the catalog, and the ids derived from a run. Schedules sit under one prefix
/// for every project (<c>schedules/{project}/{id}</c>) so that the evaluator finds them all with one listing.
/// </summary>
internal static class ScheduleKeys
{
    public const string AllSchedulesPrefix = "schedules/";

    public static string SchedulesPrefix(string projectId) => $"{AllSchedulesPrefix}{projectId}/";

    public static string Schedule(string projectId, string scheduleId) => SchedulesPrefix(projectId) + scheduleId;

    public static string ExecutionsPrefix(string projectId, string scheduleId) => $"schedule-executions/{projectId}/{scheduleId}/";

    /// <summary>Keyed by the due time, so that every host claims a run under the same key and keys sort by time.</summary>
    public static string Execution(string projectId, string scheduleId, DateTimeOffset due) =>
        ExecutionsPrefix(projectId, scheduleId) + due.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The backup a run takes: the same for every host and every retry of the run.</summary>
    public static string BackupId(string scheduleId, DateTimeOffset due) => DerivedGuid("backup", scheduleId, due);

    /// <summary>The id of a run, as its execution is listed.</summary>
    public static string ExecutionId(string scheduleId, DateTimeOffset due) => DerivedGuid("execution", scheduleId, due);

    // A name-based GUID (RFC 9562 version 8 layout over SHA-256): stable across hosts, unlike Guid.NewGuid.
    private static string DerivedGuid(string purpose, string scheduleId, DateTimeOffset due)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{purpose}|{scheduleId}|{due.UtcTicks.ToString(CultureInfo.InvariantCulture)}"));
        var bytes = hash.AsSpan(0, 16);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }
}
