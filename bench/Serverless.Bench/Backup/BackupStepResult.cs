namespace Serverless.Bench.Backup;

/// <summary>One timed backup or restore step of the backup benchmark.</summary>
/// <param name="Step">What ran, as printed.</param>
/// <param name="Measured">Wall time and CPU. Watched processes: the server the step ran against, then Azurite.</param>
/// <param name="StoredBytes">What a backup stored (files, or artifacts in Blob storage); null for a restore.</param>
internal sealed record BackupStepResult(string Step, StepMeasurement Measured, long? StoredBytes)
{
    /// <summary>CPU of the client side: this process and the tools it ran.</summary>
    public TimeSpan ClientCpu => Measured.OwnCpu + Measured.ChildCpu;

    /// <summary>Rows in the dataset the step backed up or restored.</summary>
    public long Rows { get; init; }

    public TimeSpan ServerCpu => Measured.WatchedCpu[0];

    public TimeSpan AzuriteCpu => Measured.WatchedCpu[1];
}
