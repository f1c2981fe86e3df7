using Serverless.Orchestrations.Catalog;
using Microsoft.DurableTask;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>Provisions the instance's server; the platform finds one already provisioned under the same id.</summary>
[DurableTask(Name)]
internal sealed class ProvisionServerActivity(IDatabasePlatform platform) : TaskActivity<ServerSpec, ServerEndpoint>
{
    public const string Name = "ProvisionServer";

    public override Task<ServerEndpoint> RunAsync(TaskActivityContext context, ServerSpec input) =>
        platform.ProvisionAsync(input, CancellationToken.None);
}
