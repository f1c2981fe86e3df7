using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Platform;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Configurations;

/// <summary>
/// Gives a new server the configuration group recorded on its instance at creation (a replica inherits its source's):
/// the values go into the server's configuration and dynamic ones are set at once; when some need a restart, the server
/// restarts here, so the instance comes up <c>ACTIVE</c> with every value in effect rather than <c>RESTART_REQUIRED</c>.
/// </summary>
internal static class InheritedConfiguration
{
    /// <summary>Runs the steps, from orchestration code, when the instance has a group; nothing otherwise.</summary>
    /// <param name="steps">The operation's steps.</param>
    /// <param name="input">The instance and its operation.</param>
    /// <param name="configurationId">The group recorded on the instance; null for none.</param>
    /// <param name="percent">The progress of the first step.</param>
    /// <returns>A task that completes when the server has the values.</returns>
    public static async Task ApplyAsync(OperationSteps steps, ConfigureInstanceInput input, string? configurationId, int percent)
    {
        if (configurationId is null)
        {
            return;
        }

        var parameters = await steps.RunAsync<ServerParameterSetting[]?>("read-configuration", percent, ReadInstanceParametersActivity.Name, input);
        if (parameters is not null
            && (await steps.RunPlatformOperationAsync("apply-configuration", percent, PlatformOperationRequest.ApplyParameters(input.InstanceId, parameters))).RestartRequired)
        {
            await steps.RunPlatformOperationAsync("restart-for-configuration", percent + 1, PlatformOperationRequest.Restart(input.InstanceId));
        }
    }
}
