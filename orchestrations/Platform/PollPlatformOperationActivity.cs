using Microsoft.DurableTask;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Platform;

/// <summary>Asks the platform once where a begun operation stands (and lets it take its next step).</summary>
[DurableTask(Name)]
internal sealed class PollPlatformOperationActivity(IDatabasePlatform platform) : TaskActivity<PlatformOperation, PlatformOperation>
{
    public const string Name = "PollPlatformOperation";

    public override Task<PlatformOperation> RunAsync(TaskActivityContext context, PlatformOperation input) =>
        platform.PollAsync(input, CancellationToken.None);
}
