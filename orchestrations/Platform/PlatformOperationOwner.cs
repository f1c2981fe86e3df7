namespace Serverless.Orchestrations.Platform;

/// <summary>
/// The catalog operation a platform operation works for. A provision that still runs after its create was interrupted
/// (<c>reset_status</c>, then a force delete) must not leave a server behind: the begin step checks that the instance
/// still belongs to this operation before it provisions, and deletes what it provisioned when it no longer does.
/// </summary>
/// <param name="ProjectId">The instance's project.</param>
/// <param name="InstanceId">The instance.</param>
/// <param name="OperationId">The operation that must still own the instance.</param>
internal sealed record PlatformOperationOwner(string ProjectId, string InstanceId, string OperationId);
