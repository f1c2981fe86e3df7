using Serverless.Orchestrations.Catalog;
using Microsoft.DurableTask;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>Deletes the instance's server and its data; one that is gone already is fine.</summary>
[DurableTask(Name)]
internal sealed class DeleteServerActivity(IDatabasePlatform platform) : TaskActivity<string, bool>
{
    public const string Name = "DeleteServer";

    public override async Task<bool> RunAsync(TaskActivityContext context, string input)
    {
        await platform.DeleteAsync(input, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
