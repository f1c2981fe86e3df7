using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using CoreTaskActivity = DurableTask.Core.TaskActivity;

namespace Serverless.Durable.Hosting;

/// <summary>
/// Runs one activity call in a dependency-injection scope of its own, so an activity class gets its dependencies by
/// constructor injection (as under the Functions host) and scoped services live exactly as long as the call.
/// </summary>
internal sealed class ScopedTaskActivity(TaskName name, IDurableTaskFactory factory, IServiceProvider services, DurableTaskShimFactory shims) : CoreTaskActivity
{
    public override string Run(TaskContext context, string input) =>
        throw new NotSupportedException("Activities run asynchronously.");

    public override async Task<string> RunAsync(TaskContext context, string input)
    {
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            if (!factory.TryCreateActivity(name, scope.ServiceProvider, out var activity))
            {
                throw new InvalidOperationException($"The activity '{name.Name}' is not registered with this worker.");
            }

            return (await shims.CreateActivity(name, activity).RunAsync(context, input).ConfigureAwait(false))!;
        }
    }
}
