namespace Serverless.Orchestrations.Schedules;

/// <summary>What one pass of <see cref="ScheduleEvaluator"/> did.</summary>
/// <param name="Schedules">Schedules looked at.</param>
/// <param name="Started">Runs whose backup was started by this pass.</param>
/// <param name="Skipped">Runs skipped because the instance was busy.</param>
/// <param name="Failed">Runs whose backup could not be started, and schedules that could not be evaluated.</param>
/// <param name="Pruned">Backups retention deleted.</param>
public sealed record ScheduleEvaluation(int Schedules, int Started, int Skipped, int Failed, int Pruned);
