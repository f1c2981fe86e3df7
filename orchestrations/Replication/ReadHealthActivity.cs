using Microsoft.DurableTask;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>Reads the replication health of several servers; one that does not answer is reported unreachable, not an error.</summary>
[DurableTask(Name)]
internal sealed class ReadHealthActivity(IDatabasePlatform platform, ISecretStore secrets) : TaskActivity<string[], MemberHealth[]>
{
    public const string Name = "ReadHealth";

    public override async Task<MemberHealth[]> RunAsync(TaskActivityContext context, string[] input)
    {
        var result = new MemberHealth[input.Length];
        for (var i = 0; i < input.Length; i++)
        {
            result[i] = new MemberHealth(input[i], await ReplicationHealth.ReadAsync(platform, secrets, input[i], TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false));
        }

        return result;
    }
}
