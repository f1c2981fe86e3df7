using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Platform;

/// <summary>
/// Begins a long platform operation and returns it, small and secret-free, for the orchestration's history; run it
/// through <see cref="PlatformOperationSteps.RunPlatformOperationAsync"/>. Beginning again (a re-run after a crash) is
/// safe: every platform's <c>Begin…Async</c> takes up an operation that is already under way.
/// </summary>
[DurableTask(Name)]
internal sealed class BeginPlatformOperationActivity(IDatabasePlatform platform, IDocumentStore catalog) : TaskActivity<PlatformOperationRequest, PlatformOperation>
{
    public const string Name = "BeginPlatformOperation";

    public override async Task<PlatformOperation> RunAsync(TaskActivityContext context, PlatformOperationRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        await ThrowIfNotOwnedAsync(input).ConfigureAwait(false);
        var operation = await BeginAsync(input).ConfigureAwait(false);
        if (input.Kind is (PlatformOperationKind.Provision or PlatformOperationKind.CreateReplica) && input.Owner is not null)
        {
            try
            {
                await ThrowIfNotOwnedAsync(input).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                await platform.DeleteAsync(input.ServerId, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        return operation;
    }

    private async Task ThrowIfNotOwnedAsync(PlatformOperationRequest input)
    {
        if (input.Owner is not { } owner)
        {
            return;
        }

        var instance = await catalog.GetAsync(CatalogKeys.Instance(owner.ProjectId, owner.InstanceId), CatalogJsonContext.Default.InstanceDocument, CancellationToken.None).ConfigureAwait(false);
        if (instance?.Value.Instance.OperationId != owner.OperationId)
        {
            throw new InvalidOperationException(
                $"Operation {owner.OperationId} no longer owns instance {owner.InstanceId} (its status was reset, or it was deleted); its {input.Kind} of server '{input.ServerId}' is not done.");
        }
    }

    private Task<PlatformOperation> BeginAsync(PlatformOperationRequest input)
    {
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
            PlatformOperationKind.SetReadOnly => platform.BeginSetReadOnlyAsync(input.ServerId, input.ReadOnly, cancellationToken),
            PlatformOperationKind.ApplyParameters => platform.BeginApplyParametersAsync(
                input.ServerId,
                input.Parameters ?? throw new ArgumentException($"Applying parameters to server '{input.ServerId}' needs the parameters.", nameof(input)),
                cancellationToken),
            PlatformOperationKind.SetNetworkAccess => platform.BeginSetNetworkAccessAsync(
                input.ServerId, input.Access ?? throw new ArgumentException($"Setting the access of server '{input.ServerId}' needs the access.", nameof(input)), cancellationToken),
            _ => throw new ArgumentException($"Unknown platform operation {input.Kind}.", nameof(input)),
        };
    }

    private static ServerSpec RequireSpec(PlatformOperationRequest input) =>
        input.Spec ?? throw new ArgumentException($"The {input.Kind} operation on server '{input.ServerId}' needs a server spec.", nameof(input));
}
