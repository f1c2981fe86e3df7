namespace Serverless.Orchestrations.Catalog;

/// <summary>Input of <see cref="UpdateInstanceActivity"/>; applied only while the instance still belongs to <see cref="OperationId"/>.</summary>
internal sealed record InstanceUpdate(
    string ProjectId,
    string InstanceId,
    string OperationId,
    string Status,
    string? Host,
    int? Port,
    double? VolumeUsedGigabytes,
    string? Fault)
{
    /// <summary>The instance's new flavor (a finished resize); null keeps it.</summary>
    public string? FlavorId { get; init; }

    /// <summary>The instance's new volume size (a finished resize); null keeps it.</summary>
    public int? VolumeSizeGigabytes { get; init; }
}

/// <summary>Input of <see cref="UpdateOperationActivity"/>.</summary>
internal sealed record OperationUpdate(string ProjectId, string OperationId, string Status, string? CurrentStep, int ProgressPercent, string? Error);

/// <summary>The custom status of a running operation's orchestration.</summary>
internal sealed record OperationProgress(string Step, int Percent);
