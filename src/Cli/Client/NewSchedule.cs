namespace Serverless.Cli.Client;

/// <summary>What <c>dbaas schedule-create</c> asks for; <paramref name="InstanceId"/> is already resolved from a name.</summary>
internal sealed record NewSchedule(string Name, string InstanceId, string Pattern, string? Description, bool Incremental, int? KeepCount, int? KeepDays);
