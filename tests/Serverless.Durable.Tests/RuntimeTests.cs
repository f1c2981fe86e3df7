using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Durable.TestWorker;
using Xunit;

namespace Serverless.Durable.Tests;

/// <summary>The Microsoft.DurableTask programming model on the local runtime: DTFx TaskHubWorker and Azure Storage over Azurite.</summary>
public sealed class RuntimeTests(DurableRuntimeFixture runtime) : IClassFixture<DurableRuntimeFixture>
{
    private DurableTaskClient Client => runtime.Client;

    [Fact]
    public async Task Activities_RunInOrder_ReturnTheOutput_AndTheLastCustomStatusStays()
    {
        var journal = Path.Combine(runtime.Scratch, "ordered.txt");
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(JournalOrchestrator), new JournalInput(journal, 3, 0));

        var started = await Client.WaitForInstanceStartAsync(id, DurableRuntimeFixture.Deadline());
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, DurableRuntimeFixture.Deadline());

        Assert.NotEqual(OrchestrationRuntimeStatus.Pending, started.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, done.ReadOutputAs<int>());
        Assert.Equal(new TestProgress("done", 3), done.ReadCustomStatusAs<TestProgress>());
        Assert.Equal(new JournalInput(journal, 3, 0), done.ReadInputAs<JournalInput>());
        Assert.Equal(["run 1", "done 1", "run 2", "done 2", "run 3", "done 3"], File.ReadAllLines(journal));
        Assert.True(done.LastUpdatedAt >= done.CreatedAt);
    }

    [Fact]
    public async Task CustomStatus_ShowsTheStepInFlight()
    {
        var journal = Path.Combine(runtime.Scratch, "progress.txt");
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(JournalOrchestrator), new JournalInput(journal, 2, 1500));

        var seen = await PollAsync(id, m => m.ReadCustomStatusAs<TestProgress>() is { Phase: "step", Step: 2 });

        Assert.Equal(OrchestrationRuntimeStatus.Running, seen.RuntimeStatus);
        await Client.WaitForInstanceCompletionAsync(id, DurableRuntimeFixture.Deadline());
    }

    [Fact]
    public async Task RetryPolicy_RetriesTransientFailures_UntilTheActivitySucceeds()
    {
        var counter = Path.Combine(runtime.Scratch, "transient.txt");
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(FlakyOrchestrator), new FlakyInput(counter, 3, Permanent: false));

        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, DurableRuntimeFixture.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task RetryPolicy_GivesUpAtOnce_OnFailuresItDoesNotHandle_AndTheInstanceFailsWithTheActivityMessage()
    {
        var counter = Path.Combine(runtime.Scratch, "permanent.txt");
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(FlakyOrchestrator), new FlakyInput(counter, 3, Permanent: true));

        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, DurableRuntimeFixture.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(1, File.ReadAllText(counter).Length);
        Assert.NotNull(done.FailureDetails);
        Assert.Contains("permanent failure on attempt 1", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(done.SerializedOutput);
    }

    [Fact]
    public async Task FailedOrchestration_ReportsWhatFailed()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(FailingOrchestrator), "x");

        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, DurableRuntimeFixture.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(TaskFailedException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("bad input 'x'", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubOrchestration_KnowsItsParent_AndACaughtActivityFailureCarriesItsExceptionType()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ParentOrchestrator), "y");

        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, DurableRuntimeFixture.Deadline());

        var output = done.ReadOutputAs<ParentOutput>()!;
        Assert.Equal($"{id}-child of {id} got y", output.ChildSaw);
        Assert.Equal(typeof(ArgumentException).FullName, output.CaughtType);
        Assert.Equal("bad input 'y'", output.CaughtMessage);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await Client.GetInstanceAsync($"{id}-child"))!.RuntimeStatus);
    }

    [Fact]
    public async Task DurableTimer_FiresAfterItsDelay()
    {
        var clock = Stopwatch.StartNew();
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(TimerOrchestrator), new TimerInput(2000));

        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, DurableRuntimeFixture.Deadline());

        // The Azure Storage provider may deliver a timer up to about a second early.
        var output = done.ReadOutputAs<TimerOutput>()!;
        Assert.InRange(output.After - output.Before, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(15));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"done after {clock.Elapsed}");
    }

    [Fact]
    public async Task ExternalEvent_WaitsWhileSuspended_AndCompletesTheInstanceOnceResumed()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator), "change-42");
        await PollAsync(id, m => m.ReadCustomStatusAs<TestProgress>()?.Phase == "waiting");

        await Client.SuspendInstanceAsync(id, "maintenance");
        await PollAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await Client.RaiseEventAsync(id, "approve", "alice");
        await Task.Delay(1000);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await Client.GetInstanceAsync(id))!.RuntimeStatus);
        await Client.ResumeInstanceAsync(id, "done");
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, DurableRuntimeFixture.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("change-42 approved by alice", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminate_EndsAWaitingInstance()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator), "change-43");
        await PollAsync(id, m => m.ReadCustomStatusAs<TestProgress>()?.Phase == "waiting");

        await Client.TerminateInstanceAsync(id, "nobody approved");
        var done = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, DurableRuntimeFixture.Deadline());

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("nobody approved", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Schedule_WithTheIdOfALiveInstance_DoesNotStartItAgain_AndOnceItEnded_StartsANewRun()
    {
        var id = $"approval-{Guid.NewGuid():N}";
        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator), "first", new StartOrchestrationOptions(id));
        await PollAsync(id, m => m.ReadCustomStatusAs<TestProgress>()?.Phase == "waiting");

        var again = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator), "second", new StartOrchestrationOptions(id));
        Assert.Equal(id, again);
        Assert.Equal("first", (await Client.GetInstanceAsync(id, getInputsAndOutputs: true))!.ReadInputAs<string>());
        await Client.RaiseEventAsync(id, "approve", "bob");
        var first = await Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, DurableRuntimeFixture.Deadline());
        Assert.Equal("first approved by bob", first.ReadOutputAs<string>());

        await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalOrchestrator), "third", new StartOrchestrationOptions(id));
        await PollAsync(id, m => m.ReadInputAs<string>() == "third" && m.ReadCustomStatusAs<TestProgress>()?.Phase == "waiting");
        await Client.TerminateInstanceAsync(id);
    }

    [Fact]
    public async Task Query_PagesThroughInstancesByPrefixAndStatus_AndPurgeRemovesOne()
    {
        var prefix = $"query-{Guid.NewGuid():N}-";
        for (var i = 0; i < 3; i++)
        {
            var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChildOrchestrator), $"n{i}", new StartOrchestrationOptions($"{prefix}{i}"));
            await Client.WaitForInstanceCompletionAsync(id, DurableRuntimeFixture.Deadline());
        }

        var pages = Client.GetAllInstancesAsync(new OrchestrationQuery(
            Statuses: [OrchestrationRuntimeStatus.Completed], InstanceIdPrefix: prefix, PageSize: 2, FetchInputsAndOutputs: true)).AsPages();
        var found = new List<OrchestrationMetadata>();
        var pageCount = 0;
        await foreach (var page in pages)
        {
            pageCount++;
            found.AddRange(page.Values);
        }

        Assert.Equal([$"{prefix}0", $"{prefix}1", $"{prefix}2"], found.Select(m => m.InstanceId).Order(StringComparer.Ordinal));
        Assert.True(pageCount >= 2, $"{pageCount} page(s)");
        Assert.All(found, m => Assert.StartsWith($"{m.InstanceId} of none got n", m.ReadOutputAs<string>(), StringComparison.Ordinal));

        var purged = await Client.PurgeInstanceAsync($"{prefix}1");
        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await Client.GetInstanceAsync($"{prefix}1"));
        Assert.NotNull(await Client.GetInstanceAsync($"{prefix}0"));
    }

    [Fact]
    public async Task Payload_WithoutSourceGeneratedMetadata_IsRefusedBeforeAnythingIsScheduled()
    {
        var id = $"refused-{Guid.NewGuid():N}";

        await Assert.ThrowsAsync<NotSupportedException>(() =>
            Client.ScheduleNewOrchestrationInstanceAsync(nameof(ChildOrchestrator), new Uri("http://example.invalid/"), new StartOrchestrationOptions(id)));

        Assert.Null(await Client.GetInstanceAsync(id));
    }

    private async Task<OrchestrationMetadata> PollAsync(string id, Func<OrchestrationMetadata, bool> reached)
    {
        var deadline = DurableRuntimeFixture.Deadline();
        while (true)
        {
            if (await Client.GetInstanceAsync(id, getInputsAndOutputs: true, deadline) is { } metadata && reached(metadata))
            {
                return metadata;
            }

            await Task.Delay(50, deadline);
        }
    }
}
