using Microsoft.DurableTask;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>Gives the instance's server its new flavor or volume size; the platform restarts it as needed.</summary>
[DurableTask(Name)]
internal sealed class ResizeServerActivity(IDatabasePlatform platform) : TaskActivity<ResizeServerInput, bool>
{
    public const string Name = "ResizeServer";

    public override async Task<bool> RunAsync(TaskActivityContext context, ResizeServerInput input)
    {
        await platform.ResizeAsync(input.ServerId, input.Flavor, input.VolumeSizeGigabytes, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
