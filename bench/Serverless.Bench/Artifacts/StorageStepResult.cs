namespace Serverless.Bench.Artifacts;

/// <summary>One timed step of the storage benchmark.</summary>
/// <param name="Step">What ran, e.g. <c>gzip -1</c>.</param>
/// <param name="Elapsed">Wall time.</param>
/// <param name="OwnCpu">CPU time of the step's own process: the tool for cp and gzip, this process for artifact steps.</param>
/// <param name="AzuriteCpu">CPU time Azurite spent during the step; zero for steps without Azurite.</param>
/// <param name="StoredBytes">Bytes the step wrote or read from storage; null when it stores nothing of its own.</param>
/// <param name="PeakWorkingSet">Peak working set of this process during the step, in bytes; null for external tools.</param>
/// <param name="Allocated">Bytes this process allocated during the step; null for external tools.</param>
internal sealed record StorageStepResult(string Step, TimeSpan Elapsed, TimeSpan OwnCpu, TimeSpan AzuriteCpu, long? StoredBytes, long? PeakWorkingSet, long? Allocated);
