using DurableTask.Core;

namespace Serverless.Durable.Hosting;

/// <summary>
/// Hands the Durable Task Framework its orchestrations or activities by name, ignoring the version: every task here is
/// unversioned, and activities are scheduled with their orchestration's version. Registration happens in the
/// Microsoft.DurableTask registry, never here.
/// </summary>
/// <typeparam name="T">The framework's <c>TaskOrchestration</c> or <c>TaskActivity</c>.</typeparam>
internal sealed class RegistryObjectManager<T>(Func<string, T?> create) : INameVersionObjectManager<T>
    where T : class
{
    public void Add(ObjectCreator<T> creator) =>
        throw new NotSupportedException("Register orchestrators and activities in the DurableTaskRegistry (AddTasks).");

    // Null makes the framework fail the work item with a clear "type missing" error.
    public T? GetObject(string name, string? version) => create(name);
}
