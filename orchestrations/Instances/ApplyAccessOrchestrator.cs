using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// <c>ApplyAccess</c> (instance id <c>access-{operationId}</c>), started by an access update: gives the server the access the
/// catalog records (<see cref="NetworkAccessSteps"/>).
/// </summary>
/// <remarks>
/// The operation does not take the instance (its status stays what it is): access changes nothing another operation
/// relies on. A failure is recorded on the operation; the instance keeps its status.
/// </remarks>
[DurableTask(Name)]
internal sealed class ApplyAccessOrchestrator : TaskOrchestrator<InstanceOperationInput, string>
{
    public const string Name = "ApplyAccess";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, InstanceOperationInput input)
    {
        var steps = new OperationSteps(context, input.ProjectId, input.InstanceId, input.OperationId);
        try
        {
            await NetworkAccessSteps.ApplyAsync(steps, input, 10, skipPrivate: false);
            return await steps.CompleteAsync();
        }
        catch (TaskFailedException failure)
        {
            return await steps.FailAsync(failure, InstanceStatus.Active);
        }
    }
}
