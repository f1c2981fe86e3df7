using Microsoft.DurableTask;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Catalog;

/// <summary>Records an operation's step, progress and end state in its catalog document.</summary>
[DurableTask(Name)]
internal sealed class UpdateOperationActivity(IDocumentStore catalog, TimeProvider time) : TaskActivity<OperationUpdate, bool>
{
    public const string Name = "UpdateOperation";

    public override Task<bool> RunAsync(TaskActivityContext context, OperationUpdate input) =>
        OperationRecords.UpdateAsync(catalog, input, time, CancellationToken.None);
}
