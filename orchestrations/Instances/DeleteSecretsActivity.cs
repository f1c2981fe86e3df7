using Serverless.Orchestrations.Catalog;
using Microsoft.DurableTask;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>Deletes the instance's secrets (admin and user passwords) by id.</summary>
[DurableTask(Name)]
internal sealed class DeleteSecretsActivity(ISecretStore secrets) : TaskActivity<string[], bool>
{
    public const string Name = "DeleteSecrets";

    public override async Task<bool> RunAsync(TaskActivityContext context, string[] input)
    {
        foreach (var secretId in input)
        {
            await secrets.DeleteAsync(secretId, CancellationToken.None).ConfigureAwait(false);
        }

        return true;
    }
}
