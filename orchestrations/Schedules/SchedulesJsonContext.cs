using System.Text.Json.Serialization;

namespace Serverless.Orchestrations.Schedules;

/// <summary>Source-generated JSON for the schedule and execution documents of the catalog.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScheduleView))]
[JsonSerializable(typeof(ScheduleExecutionView))]
internal sealed partial class SchedulesJsonContext : JsonSerializerContext;
