using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Serverless.Orchestrations.Platform;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// The orchestration loop every long platform operation runs through (<see cref="PlatformOperationSteps"/>), run by
/// Microsoft.DurableTask's in-process host with the real begin and poll activities over the Azure platform and the fake
/// ARM: the waits between polls, ARM's Retry-After and a throttled poll's too, are durable timers, not activity sleeps.
/// </summary>
public sealed class PlatformOperationLoopTests : AzurePlatformTest
{
    private const string Orchestrator = "RestartThroughThePlatform";

    [Fact]
    public async Task TheLoopWaitsArmsRetryAfterWithDurableTimers_AlsoWhenThrottled_AndNeverBeginsTwice()
    {
        var server = PathOf(InstanceId);
        Context.Arm.On("POST", server + "/restart", ArmAnswer.Empty(202, ("Location", "{endpoint}/ops/restart-1"), ("Retry-After", "1")));
        Context.Arm.On(
            "GET",
            "/ops/restart-1",
            ArmAnswer.Empty(202, ("Retry-After", "1")),
            ArmAnswer.Error(429, "TooManyRequests", "Subscription read limit reached.", ("Retry-After", "2")),
            ArmAnswer.Empty(204));

        // The client sits out no more than 1 s in process, so ARM's 2 s come back to the orchestration.
        var platform = CreatePlatform(maxRetryWait: TimeSpan.FromSeconds(1));
        var done = await RunThroughLoopAsync(platform, (context, serverId) => context.RunPlatformOperationAsync(PlatformOperationRequest.Restart(serverId)));

        Assert.True(done.IsCompleted);
        Assert.Single(Context.Arm.RequestsTo("POST", server + "/restart"));
        var polls = Context.Arm.RequestsTo("GET", "/ops/restart-1");
        Assert.Equal(3, polls.Count);

        // 1 s after the first poll (ARM's Retry-After), 2 s after the throttled one; nothing waited inside the client.
        Assert.True(polls[1].ReceivedAt - polls[0].ReceivedAt >= TimeSpan.FromSeconds(0.9), $"Polled again after {polls[1].ReceivedAt - polls[0].ReceivedAt}.");
        Assert.True(polls[2].ReceivedAt - polls[1].ReceivedAt >= TimeSpan.FromSeconds(1.9), $"Polled again after {polls[2].ReceivedAt - polls[1].ReceivedAt}.");
        Assert.Empty(Context.Time.Waits);
    }

    [Fact]
    public async Task AnOperationThatFails_FailsThePollActivityWithArmsError()
    {
        var server = PathOf(InstanceId);
        Context.Arm.On("POST", server + "/restart", ArmAnswer.AcceptedAsync(202, "/ops/restart-2", retryAfterSeconds: 1));
        Context.Arm.On(
            "GET",
            "/ops/restart-2",
            ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 1),
            ArmAnswer.OperationStatus("Failed", errorCode: "ServerIsBusy", errorMessage: "Another operation is in progress."));
        var message = await RunRestartAsync(PlatformOperationRequest.Restart(InstanceId));

        Assert.Contains("ServerIsBusy", message, StringComparison.Ordinal);
        Assert.Contains(InstanceId, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOperationStillRunningAtItsDeadline_FailsAsTimedOut_InsteadOfPollingForever()
    {
        var server = PathOf(InstanceId);
        Context.Arm.On("POST", server + "/restart", ArmAnswer.AcceptedAsync(202, "/ops/restart-3", retryAfterSeconds: 1));
        Context.Arm.On("GET", "/ops/restart-3", ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 1));

        // The deadline counts from the orchestration's start, which is after this moment; how much of it the begin takes
        // depends on the machine's load, so the polls are checked against the deadline, not against each other.
        var started = DateTimeOffset.UtcNow;
        var message = await RunRestartAsync(PlatformOperationRequest.Restart(InstanceId) with { Deadline = TimeSpan.FromSeconds(4) });

        Assert.Contains($"Restart of server '{InstanceId}' did not finish within 00:00:04", message, StringComparison.Ordinal);
        Assert.Contains("retry the operation or delete the instance", message, StringComparison.Ordinal);
        var polls = Context.Arm.RequestsTo("GET", "/ops/restart-3");
        Assert.InRange(polls.Count, 2, 6);
        Assert.True(polls[^1].ReceivedAt - started >= TimeSpan.FromSeconds(3.9), $"Gave up {polls[^1].ReceivedAt - started} after the start.");
        Assert.Single(Context.Arm.RequestsTo("POST", server + "/restart"));
    }

    [Fact]
    public async Task WhenThePlatformsWaitsWouldTakeMorePollsThanTheBound_TheWaitsAreSpreadOverTheTimeLeft()
    {
        var server = PathOf(InstanceId);
        Context.Arm.On("POST", server + "/restart", ArmAnswer.AcceptedAsync(202, "/ops/restart-4", retryAfterSeconds: 1));
        Context.Arm.On("GET", "/ops/restart-4", ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 1));

        var started = DateTimeOffset.UtcNow;
        var message = await RunRestartAsync(PlatformOperationRequest.Restart(InstanceId) with { Deadline = TimeSpan.FromSeconds(6), MaxPolls = 2 });

        Assert.Contains("(2 polls)", message, StringComparison.Ordinal);
        var polls = Context.Arm.RequestsTo("GET", "/ops/restart-4");

        // The begin's own poll, then two loop polls that share the time left (about 3 s each on an idle machine, less
        // what the begin took on a loaded one: CI saw a begin take over 3 s), not 1 s apart as ARM asked, the last one at
        // the deadline. Each gap is checked against the even share of what was left at the poll before it (less
        // what the answer's trip back to the orchestration may take), not against a fixed figure.
        Assert.Equal(3, polls.Count);
        var deadline = started + TimeSpan.FromSeconds(6);
        for (var i = 1; i < polls.Count; i++)
        {
            var gap = polls[i].ReceivedAt - polls[i - 1].ReceivedAt;
            var share = (deadline - polls[i - 1].ReceivedAt) / (polls.Count - i);
            var least = share - TimeSpan.FromSeconds(0.8);
            Assert.True(gap >= least, $"Polled again after {gap}, where {share} of the time was left for each poll.");
        }

        Assert.True(polls[2].ReceivedAt - started >= TimeSpan.FromSeconds(5.9), $"Last polled {polls[2].ReceivedAt - started} after the start.");
    }

    [Fact]
    public async Task ApplyParameters_RunsThroughTheLoop_PolledWithDurableTimers_AndTheEndCarriesWhetherARestartIsNeeded()
    {
        var server = PathOf(InstanceId);
        Context.Arm.On("GET", server, ArmAnswer.Json(200, TaggedServer(InstanceId)));
        Context.Arm.On("GET", server + "/configurations/performance_schema", ArmAnswer.Json(200, AzureParameterTests.Parameter("performance_schema", "ON", "OFF", "ON,OFF", isDynamic: false)));
        Context.Arm.On("POST", server + "/updateConfigurations", ArmAnswer.AcceptedAsync(202, "/ops/parameters-1", retryAfterSeconds: 1));
        Context.Arm.On("GET", "/ops/parameters-1", ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 1), ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 1), ArmAnswer.OperationStatus("Succeeded"));
        var platform = CreatePlatform();
        var done = await RunThroughLoopAsync(platform, (context, serverId) =>
            context.RunPlatformOperationAsync(PlatformOperationRequest.ApplyParameters(serverId, [new ServerParameterSetting("performance_schema", null, "boolean", true)])));

        Assert.True(done.RestartRequired);
        Assert.Single(Context.Arm.RequestsTo("POST", server + "/updateConfigurations"));
        Assert.Equal(3, Context.Arm.RequestsTo("GET", "/ops/parameters-1").Count);
        Assert.Empty(Context.Time.Waits);
    }

    /// <summary>Runs <paramref name="body"/> as an orchestration in the in-process host with the real begin and poll activities; returns its output.</summary>
    private static async Task<T> RunThroughLoopAsync<T>(AzureDatabasePlatform platform, Func<TaskOrchestrationContext, string, Task<T>> body)
    {
        await using var host = await InProcessDurableHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc(Orchestrator, body);
            registry.AddActivity(new TaskName(BeginPlatformOperationActivity.Name), new BeginPlatformOperationActivity(platform, new Serverless.Storage.Documents.InMemoryDocumentStore()));
            registry.AddActivity(new TaskName(PollPlatformOperationActivity.Name), new PollPlatformOperationActivity(platform));
        });

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(Orchestrator, InstanceId, deadline.Token);
        var done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, deadline.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return done.ReadOutputAs<T>()!;
    }

    /// <summary>Runs the restart through the loop in the in-process host; returns the failure message ("completed" when none).</summary>
    private Task<string> RunRestartAsync(PlatformOperationRequest request) =>
        RunThroughLoopAsync(CreatePlatform(), async (context, _) =>
        {
            try
            {
                await context.RunPlatformOperationAsync(request);
                return "completed";
            }
            catch (TaskFailedException failure)
            {
                return failure.FailureDetails.ErrorMessage;
            }
        });
}
