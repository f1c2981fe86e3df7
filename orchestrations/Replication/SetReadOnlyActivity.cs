using Microsoft.DurableTask;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>Sets a server read-only or writable through the platform, which keeps it across restarts (a down server is only marked).</summary>
[DurableTask(Name)]
internal sealed class SetReadOnlyActivity(IDatabasePlatform platform) : TaskActivity<ReadOnlyChange, bool>
{
    public const string Name = "SetReadOnly";

    public override async Task<bool> RunAsync(TaskActivityContext context, ReadOnlyChange input)
    {
        await platform.SetReadOnlyAsync(input.ServerId, input.ReadOnly, CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
