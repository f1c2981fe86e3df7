using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Platform;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// Gives an instance's server the access the catalog records, from orchestration code: read it → set it on the server
/// (firewall rules on Azure; nothing on one machine) → read it again, and once more round when it changed meanwhile, so
/// that the server ends with the latest update whichever of two quick updates' orchestrations finishes last.
/// </summary>
internal static class NetworkAccessSteps
{
    // Each round follows a newer update; three cover any burst a person makes, and the last update starts its own run.
    private const int MaxRounds = 3;

    /// <summary>Runs the steps.</summary>
    /// <param name="steps">The operation's steps.</param>
    /// <param name="input">The instance and its operation.</param>
    /// <param name="percent">The progress of the first step.</param>
    /// <param name="skipPrivate">True for a new server, which admits no public address yet: nothing to do while the access is private.</param>
    /// <returns>A task that completes when the server has the access.</returns>
    public static async Task ApplyAsync(OperationSteps steps, InstanceOperationInput input, int percent, bool skipPrivate)
    {
        var wanted = await steps.RunAsync<NetworkAccess?>("read-access", percent, ReadAccessActivity.Name, input);
        if (skipPrivate && wanted is { IsPublic: false })
        {
            return;
        }

        for (var round = 0; round < MaxRounds && wanted is not null; round++)
        {
            await steps.RunPlatformOperationAsync("set-network-access", percent + 1, PlatformOperationRequest.SetNetworkAccess(input.InstanceId, wanted));
            var now = await steps.RunAsync<NetworkAccess?>("check-access", percent + 2, ReadAccessActivity.Name, input);
            wanted = now is null || now.SameAs(wanted) ? null : now;
        }
    }
}
