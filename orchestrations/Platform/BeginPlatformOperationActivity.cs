using Microsoft.DurableTask;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Platform;

/// <summary>
/// Begins a long platform operation and returns it, small and secret-free, for the orchestration's history; run it
/// through <see cref="PlatformOperationSteps.RunPlatformOperationAsync"/>. Beginning again (a re-run after a crash) is
/// safe: every platform's <c>Begin…Async</c> takes up an operation that is already under way.
/// </summary>
[DurableTask(Name)]
internal sealed class BeginPlatformOperationActivity(IDatabasePlatform platform) : TaskActivity<PlatformOperationRequest, PlatformOperation>
{
    public const string Name = "BeginPlatformOperation";

    public override Task<PlatformOperation> RunAsync(TaskActivityContext context, PlatformOperationRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var cancellationToken = CancellationToken.None;
        return input.Kind switch
        {
            PlatformOperationKind.Provision => platform.BeginProvisionAsync(RequireSpec(input), cancellationToken),
            PlatformOperationKind.Start => platform.BeginStartAsync(input.ServerId, cancellationToken),
            PlatformOperationKind.Stop => platform.BeginStopAsync(input.ServerId, cancellationToken),
            PlatformOperationKind.Restart => platform.BeginRestartAsync(input.ServerId, cancellationToken),
            PlatformOperationKind.Delete => platform.BeginDeleteAsync(input.ServerId, cancellationToken),
            PlatformOperationKind.Resize => platform.BeginResizeAsync(input.ServerId, input.Flavor, input.VolumeSizeGigabytes, cancellationToken),
            PlatformOperationKind.CreateReplica => platform.BeginCreateReplicaAsync(
                RequireSpec(input),
                input.SourceServerId ?? throw new ArgumentException($"Creating replica '{input.ServerId}' needs its source server.", nameof(input)),
                cancellationToken),
            PlatformOperationKind.StopReplication => platform.BeginStopReplicationAsync(input.ServerId, cancellationToken),
            _ => throw new ArgumentException($"Unknown platform operation {input.Kind}.", nameof(input)),
        };
    }

    private static ServerSpec RequireSpec(PlatformOperationRequest input) =>
        input.Spec ?? throw new ArgumentException($"The {input.Kind} operation on server '{input.ServerId}' needs a server spec.", nameof(input));
}
