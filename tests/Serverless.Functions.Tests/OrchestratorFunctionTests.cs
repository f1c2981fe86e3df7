using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Platform;
using Serverless.Platforms;
using Xunit;

namespace Serverless.Functions.Tests;

/// <summary>
/// The orchestration-trigger functions run by Microsoft.DurableTask's in-process test host, with recording activities:
/// the wrapper runs the orchestrator class with its input, the steps come in order, and a failed step is recorded.
/// </summary>
public sealed class OrchestratorFunctionTests
{
    private static readonly InstanceOperationInput Delete = new("p", "i-1", "op-1", ["i-1-admin", "i-1-user-0"]);

    [Fact]
    public async Task DeleteInstance_RunsItsStepsInOrder_AndCompletesTheOperation()
    {
        var calls = new ConcurrentQueue<string>();
        await using var host = await StartAsync(calls, failing: null);

        var done = await RunAsync(host.Client, DeleteInstanceOrchestrator.Name, Delete);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(OperationStatus.Completed, done.ReadOutputAs<string>());
        Assert.Equal(
            ["BeginPlatformOperation Delete i-1", "DeleteSecrets i-1-admin,i-1-user-0", "RemoveInstance op-1", "UpdateOperation COMPLETED 100"],
            calls.ToArray());
    }

    [Fact]
    public async Task DeleteInstance_WhenAStepFails_PutsTheInstanceInError_AndFailsTheOperation()
    {
        var calls = new ConcurrentQueue<string>();
        await using var host = await StartAsync(calls, failing: DeleteSecretsActivity.Name);

        var done = await RunAsync(host.Client, DeleteInstanceOrchestrator.Name, Delete);

        Assert.Equal(OperationStatus.Failed, done.ReadOutputAs<string>());
        Assert.Contains("UpdateInstance ERROR The delete-secrets step failed: secret store down", calls);
        Assert.Contains("UpdateOperation FAILED 60", calls);
        Assert.DoesNotContain(calls, call => call.StartsWith("RemoveInstance", StringComparison.Ordinal));
    }

    private static Task<DurableTaskTestHost> StartAsync(ConcurrentQueue<string> calls, string? failing) =>
        DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<InstanceOperationInput, string>(DeleteInstanceOrchestrator.Name, (context, _) => OrchestratorFunctions.DeleteInstance(context));
            void Step<TInput>(string name, Func<TInput, string> describe) =>
                registry.AddActivityFunc<TInput, bool>(name, (_, input) =>
                {
                    if (name == failing)
                    {
                        throw new InvalidOperationException("secret store down");
                    }

                    calls.Enqueue($"{name} {describe(input)}");
                    return true;
                });
            registry.AddActivityFunc<PlatformOperationRequest, PlatformOperation>(BeginPlatformOperationActivity.Name, (_, request) =>
            {
                calls.Enqueue($"{BeginPlatformOperationActivity.Name} {request.Kind} {request.ServerId}");
                return PlatformOperation.Completed(request.ServerId, request.Kind);
            });
            Step<string[]>(DeleteSecretsActivity.Name, ids => string.Join(',', ids));
            Step<InstanceOperationInput>(RemoveInstanceActivity.Name, input => input.OperationId);
            Step<InstanceUpdate>(UpdateInstanceActivity.Name, update => $"{update.Status} {update.Fault}");
            Step<OperationUpdate>(UpdateOperationActivity.Name, update => $"{update.Status} {update.ProgressPercent}");
        });

    private static async Task<OrchestrationMetadata> RunAsync(DurableTaskClient client, string orchestrator, object input)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, deadline.Token);
        return await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, deadline.Token);
    }
}
