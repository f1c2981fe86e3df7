using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Platform;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// The role changes every replication orchestration makes, on either kind of platform: a platform that replicates natively
/// (Azure) stops replication itself, one that does not (local) has it stopped over SQL; read-only and writable always go
/// through the platform-operation loop (an ARM server parameter on Azure, polled with durable timers).
/// </summary>
internal static class ReplicaRoles
{
    /// <summary>Stops <paramref name="replicaId"/>'s replication for good and makes it writable, now and at every later start.</summary>
    public static async Task MakeStandaloneAsync(OperationSteps steps, string step, int percent, string replicaId, bool native)
    {
        if (native)
        {
            await steps.RunPlatformOperationAsync(step, percent, PlatformOperationRequest.StopReplication(replicaId));
        }
        else
        {
            await steps.RunAsync<bool>(step, percent, StopReplicatingActivity.Name, replicaId);
        }

        await steps.RunPlatformOperationAsync("make-writable", percent + 5, PlatformOperationRequest.SetReadOnly(replicaId, readOnly: false));
    }
}
