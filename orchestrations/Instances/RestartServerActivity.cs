using Serverless.Orchestrations.Catalog;
using Microsoft.DurableTask;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>Restarts the instance's server.</summary>
[DurableTask(Name)]
internal sealed class RestartServerActivity(IDatabasePlatform platform) : TaskActivity<string, bool>
{
    public const string Name = "RestartServer";

    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        await platform.RestartAsync(input, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
