using System.Text.Json.Serialization;

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
internal sealed record OperationProgress(string Step, int Percent)
{
    /// <summary>Units of the step's work done so far, for a step done in several activities that counts them (a resumable backup's chunks); null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Done { get; init; }

    /// <summary>Units of the step's work in all; null when <see cref="Done"/> is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Total { get; init; }

    /// <summary>What the units are, e.g. <c>chunks</c>; null when <see cref="Done"/> is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Unit { get; init; }
}
