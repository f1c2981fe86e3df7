using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// Input of <c>CreateInstance</c>: everything the steps need, secrets only by id. <c>BackupId</c> names the backup a
/// restore loads before the databases and users are set up; null for an empty instance.
/// </summary>
internal sealed record CreateInstanceInput(
    string ProjectId,
    string InstanceId,
    string OperationId,
    ServerSpec Spec,
    IReadOnlyList<string> Databases,
    IReadOnlyList<UserReference> Users,
    string? BackupId = null);

/// <summary>Input of <c>RestartInstance</c> and <c>DeleteInstance</c>.</summary>
internal sealed record InstanceOperationInput(string ProjectId, string InstanceId, string OperationId, IReadOnlyList<string> SecretIds);

/// <summary>Input of the configure step.</summary>
internal sealed record ConfigureServerInput(string ServerId, IReadOnlyList<string> Databases, IReadOnlyList<UserReference> Users);

/// <summary>Output of the read-status step.</summary>
internal sealed record ServerSummary(string Host, int Port, double VolumeUsedGigabytes);

/// <summary>Input of the catalog update step; applied only while the instance still belongs to <see cref="OperationId"/>.</summary>
internal sealed record InstanceUpdate(
    string ProjectId,
    string InstanceId,
    string OperationId,
    string Status,
    string? Host,
    int? Port,
    double? VolumeUsedGigabytes,
    string? Fault);

/// <summary>Input of the operation-record step.</summary>
internal sealed record OperationUpdate(string ProjectId, string OperationId, string Status, string? CurrentStep, int ProgressPercent, string? Error);

/// <summary>The custom status of a running operation's orchestration.</summary>
internal sealed record OperationProgress(string Step, int Percent);
