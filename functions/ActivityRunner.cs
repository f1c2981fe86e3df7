using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Functions;

/// <summary>Runs an activity class for an activity-trigger function: created from the invocation's services, given a context naming it and its orchestration.</summary>
internal static class ActivityRunner
{
    public static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(string name, TInput input, FunctionContext context)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(context.InstanceServices);
        var instanceId = context.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? "" : "";
        return activity.RunAsync(new FunctionActivityContext(name, instanceId), input);
    }

    /// <summary>What the activity knows of its call under the Functions host.</summary>
    private sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name => name;

        public override string InstanceId => instanceId;
    }
}
