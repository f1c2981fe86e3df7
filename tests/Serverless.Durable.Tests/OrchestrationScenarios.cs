using System.Collections.Concurrent;
using System.Diagnostics;
using Serverless.Storage.Documents;
using Xunit;

namespace Serverless.Durable.Tests;

/// <summary>The core scenarios, run on every store (see <see cref="InMemoryOrchestrationTests"/> and <see cref="AzuriteOrchestrationTests"/>).</summary>
public abstract class OrchestrationScenarios
{
    private int _nonDeterministicRuns;

    protected abstract Task<IDocumentStore> CreateStoreAsync();

    private async Task<EngineHarness> StartAsync(Action<DurableTaskRegistry> configure) => await EngineHarness.StartAsync(configure, await CreateStoreAsync());

    [Fact]
    public async Task Sequence_RunsActivitiesInOrder_AndReturnsTheirResults()
    {
        await using var h = await StartAsync(r => r
            .AddActivity<string, string>("Hello", (_, name, _) => Task.FromResult($"Hello {name}"))
            .AddOrchestrator<string, string>("Greet", async (ctx, _) =>
            {
                var a = await ctx.CallActivityAsync<string>("Hello", "Tokyo");
                var b = await ctx.CallActivityAsync<string>("Hello", "Seattle");
                var c = await ctx.CallActivityAsync<string>("Hello", "London");
                return string.Join(", ", a, b, c);
            }));

        var result = await h.RunAsync("Greet");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("Hello Tokyo, Hello Seattle, Hello London", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task FanOutFanIn_OfHundredActivities_SumsEveryResult()
    {
        await using var h = await StartAsync(r => r
            .AddActivity<int, int>("Square", (_, x, _) => Task.FromResult(x * x))
            .AddOrchestrator<int, int>("SumSquares", async (ctx, n) =>
            {
                var tasks = Enumerable.Range(1, n).Select(i => ctx.CallActivityAsync<int>("Square", i)).ToList();
                var results = await Task.WhenAll(tasks);
                return results.Sum();
            }));

        var result = await h.RunAsync("SumSquares", 100);

        Assert.Equal(Enumerable.Range(1, 100).Sum(i => i * i), result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Retry_ActivityFailingTwice_SucceedsOnTheThirdAttempt()
    {
        var attempts = 0;
        await using var h = await StartAsync(r => r
            .AddActivity<string, string>("Flaky", (_, _, _) =>
                Interlocked.Increment(ref attempts) <= 2 ? throw new TimeoutException("not yet") : Task.FromResult("ok"))
            .AddOrchestrator<string, string>("RetryFlaky", (ctx, _) =>
                ctx.CallActivityAsync<string>("Flaky", null, new TaskOptions(new RetryPolicy(3, TimeSpan.FromMilliseconds(20), 2.0)))));

        var result = await h.RunAsync("RetryFlaky");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("ok", result.ReadOutputAs<string>());
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Retry_Exhausted_SurfacesTaskFailedExceptionWithTheActivityError()
    {
        var attempts = 0;
        await using var h = await StartAsync(r => r
            .AddActivity<string, string>("AlwaysFails", (_, _, _) =>
            {
                Interlocked.Increment(ref attempts);
                throw new InvalidOperationException("disk full");
            })
            .AddOrchestrator<string, string>("RetryExhausted", async (ctx, _) =>
            {
                try
                {
                    await ctx.CallActivityAsync("AlwaysFails", null, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMilliseconds(10))));
                    return "no error";
                }
                catch (TaskFailedException ex)
                {
                    return $"{ex.TaskName}|{ex.FailureDetails.ErrorType}|{ex.FailureDetails.ErrorMessage}|{ex.FailureDetails.IsCausedBy<InvalidOperationException>()}";
                }
            }));

        var result = await h.RunAsync("RetryExhausted");

        Assert.Equal("AlwaysFails|System.InvalidOperationException|disk full|True", result.ReadOutputAs<string>());
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task RetryPolicy_RejectsInvalidValues_LikeDurableTask()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(0, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(1, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(1, TimeSpan.FromSeconds(1), 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(1, TimeSpan.FromSeconds(2), 1, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(1, TimeSpan.FromSeconds(2), 1, null, TimeSpan.FromSeconds(1)));
        var policy = new RetryPolicy(5, TimeSpan.FromSeconds(1), 2, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Assert.Equal(TimeSpan.FromSeconds(4), policy.GetRetryDelay(3));
        var defaults = new RetryPolicy(1, TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromHours(1), defaults.MaxRetryInterval);
        Assert.Equal(Timeout.InfiniteTimeSpan, defaults.RetryTimeout);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Timer_DelaysTheOrchestration_ByAtLeastItsDuration()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestrator<string, string>("Sleepy", async (ctx, _) =>
            {
                var start = ctx.CurrentUtcDateTime;
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(300), CancellationToken.None);
                return (ctx.CurrentUtcDateTime - start).TotalMilliseconds >= 300 ? "waited" : "early";
            }));

        var watch = Stopwatch.StartNew();
        var result = await h.RunAsync("Sleepy");

        Assert.Equal("waited", result.ReadOutputAs<string>());
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(290), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task ExternalEvents_EarlyOnesAreBuffered_AndEachCompletesOneWaiter()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestrator<string, string>("Approvals", async (ctx, _) =>
            {
                var first = await ctx.WaitForExternalEvent<string>("Approve");
                await ctx.CreateTimer(TimeSpan.FromMilliseconds(50), CancellationToken.None);
                var second = await ctx.WaitForExternalEvent<string>("APPROVE");
                return $"{first}+{second}";
            }));

        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Approvals");
        await h.Client.RaiseEventAsync(id, "approve", "alice");
        await h.Client.RaiseEventAsync(id, "approve", "bob");
        var result = await h.WaitAsync(id);

        Assert.Equal("alice+bob", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ExternalEvent_WithTimeout_ThrowsTaskCanceledWhenNothingArrives()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestrator<string, string>("WaitBriefly", async (ctx, _) =>
            {
                try
                {
                    return await ctx.WaitForExternalEvent<string>("Reply", TimeSpan.FromMilliseconds(200));
                }
                catch (TaskCanceledException)
                {
                    return "timed out";
                }
            }));

        var timedOut = await h.RunAsync("WaitBriefly");
        Assert.Equal("timed out", timedOut.ReadOutputAs<string>());

        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("WaitBriefly");
        await h.Client.RaiseEventAsync(id, "Reply", "in time");
        var answered = await h.WaitAsync(id);
        Assert.Equal("in time", answered.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SubOrchestration_ReturnsTheChildOutput_AndChildFailuresSurfaceAsTaskFailed()
    {
        await using var h = await StartAsync(r => r
            .AddActivity<int, int>("Double", (_, x, _) => Task.FromResult(x * 2))
            .AddOrchestrator<int, int>("Child", async (ctx, x) =>
                x < 0 ? throw new ArgumentException("negative input") : await ctx.CallActivityAsync<int>("Double", x))
            .AddOrchestrator<int, string>("Parent", async (ctx, x) =>
            {
                var doubled = await ctx.CallSubOrchestratorAsync<int>("Child", x, new SubOrchestrationOptions(InstanceId: ctx.InstanceId + "-child"));
                try
                {
                    await ctx.CallSubOrchestratorAsync<int>("Child", -1);
                    return "no error";
                }
                catch (TaskFailedException ex)
                {
                    return $"{doubled}|{ex.FailureDetails.ErrorType}|{ex.FailureDetails.ErrorMessage}";
                }
            }));

        var result = await h.RunAsync("Parent", 21, "parent-1");

        Assert.Equal("42|System.ArgumentException|negative input", result.ReadOutputAs<string>());
        var child = await h.Client.GetInstanceAsync("parent-1-child", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
        Assert.Equal(42, child.ReadOutputAs<int>());
    }

    [Fact]
    public async Task Terminate_EndsARunningInstance_WithTheGivenOutput()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestrator<string, string>("Forever", async (ctx, _) => await ctx.WaitForExternalEvent<string>("Never")));

        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Forever");
        await h.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        await h.Client.TerminateInstanceAsync(id, "operator said stop");
        var result = await h.WaitAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, result.RuntimeStatus);
        Assert.Equal("operator said stop", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SuspendedInstance_KeepsItsEvents_UntilResumed()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestrator<string, string>("Pausable", async (ctx, _) => await ctx.WaitForExternalEvent<string>("Go")));

        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Pausable");
        await h.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        await h.Client.SuspendInstanceAsync(id, "maintenance");
        await h.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Suspended);
        await h.Client.RaiseEventAsync(id, "Go", "went");
        await Task.Delay(300);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await h.Client.GetInstanceAsync(id))!.RuntimeStatus);

        await h.Client.ResumeInstanceAsync(id);
        var result = await h.WaitAsync(id);

        Assert.Equal("went", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Purge_IsRefusedWhileRunning_AndRemovesAFinishedInstance()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestrator<string, string>("Purgeable", async (ctx, _) => await ctx.WaitForExternalEvent<string>("Done")));

        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Purgeable");
        await h.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
        var refused = await Assert.ThrowsAsync<OrchestrationStateException>(() => h.Client.PurgeInstanceAsync(id));
        Assert.Contains("only Completed, Failed or Terminated", refused.Message);

        await h.Client.RaiseEventAsync(id, "Done", "yes");
        await h.WaitAsync(id);
        var purged = await h.Client.PurgeInstanceAsync(id);

        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await h.Client.GetInstanceAsync(id));
        Assert.Equal(0, (await h.Client.PurgeInstanceAsync(id)).PurgedInstanceCount);
    }

    [Fact]
    public async Task ContinueAsNew_RestartsWithNewInput_AndCarriesUnprocessedEvents()
    {
        await using var h = await StartAsync(r => r
            .AddActivity<int, int>("Inc", (_, x, _) => Task.FromResult(x + 1))
            .AddOrchestrator<int, int>("Counter", async (ctx, n) =>
            {
                var next = await ctx.CallActivityAsync<int>("Inc", n);
                if (next < 5)
                {
                    ctx.ContinueAsNew(next);
                    return -1;
                }

                return next + await ctx.WaitForExternalEvent<int>("Bonus");
            }));

        var id = await h.Client.ScheduleNewOrchestrationInstanceAsync("Counter", 0);
        await h.Client.RaiseEventAsync(id, "Bonus", 100);
        var result = await h.WaitAsync(id);

        Assert.Equal(105, result.ReadOutputAs<int>());
    }

    [Fact]
    public async Task UnhandledActivityFailure_FailsTheInstance_WithDetailsVisibleToClients()
    {
        await using var h = await StartAsync(r => r
            .AddActivity<string, string>("Explode", (_, _, _) => throw new InvalidOperationException("replica lagging 900 s"))
            .AddOrchestrator<string, string>("Fragile", async (ctx, _) => await ctx.CallActivityAsync<string>("Explode")));

        var result = await h.RunAsync("Fragile");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        var failure = Assert.IsType<TaskFailureDetails>(result.FailureDetails);
        Assert.True(failure.IsCausedBy<TaskFailedException>());
        Assert.Contains("replica lagging 900 s", failure.ErrorMessage);
        Assert.Equal("System.InvalidOperationException", failure.InnerFailure!.ErrorType);
        Assert.Equal("replica lagging 900 s", failure.InnerFailure.ErrorMessage);
    }

    [Fact]
    public async Task OversizedPayloads_AreRefused_WithAnErrorPointingToArtifacts()
    {
        await using var h = await StartAsync(r => r
            .AddActivity<string, string>("Bloat", (_, _, _) => Task.FromResult(new string('x', 300 * 1024)))
            .AddOrchestrator<string, string>("Echo", (ctx, input) => Task.FromResult(input))
            .AddOrchestrator<string, string>("Bloated", async (ctx, _) => await ctx.CallActivityAsync<string>("Bloat")));

        var refused = await Assert.ThrowsAsync<PayloadTooLargeException>(() =>
            h.Client.ScheduleNewOrchestrationInstanceAsync("Echo", new string('y', 300 * 1024)));
        Assert.Contains("artifacts", refused.Message);
        Assert.Contains("input of new orchestration", refused.Message);

        var result = await h.RunAsync("Bloated");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.Equal(typeof(PayloadTooLargeException).FullName, result.FailureDetails!.InnerFailure!.ErrorType);
        Assert.Contains("output of activity 'Bloat'", result.FailureDetails.InnerFailure.ErrorMessage);
    }

    [Fact]
    public async Task StartingAnIdThatIsStillRunning_IsRefused_ButAFinishedIdCanBeReused()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestrator<string, string>("Waiter", async (ctx, input) => input + await ctx.WaitForExternalEvent<string>("Go")));

        await h.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", "a", new StartOrchestrationOptions("fixed-id"));
        var refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
            h.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", "b", new StartOrchestrationOptions("fixed-id")));
        Assert.Equal("fixed-id", refused.InstanceId);

        await h.Client.RaiseEventAsync("fixed-id", "Go", "1");
        Assert.Equal("a1", (await h.WaitAsync("fixed-id")).ReadOutputAs<string>());

        await h.Client.ScheduleNewOrchestrationInstanceAsync("Waiter", "b", new StartOrchestrationOptions("fixed-id"));
        await h.Client.RaiseEventAsync("fixed-id", "Go", "2");
        Assert.Equal("b2", (await h.WaitAsync("fixed-id")).ReadOutputAs<string>());
    }

    [Fact]
    public async Task ReplayAskingForADifferentActivity_FailsTheInstance_NamingBoth()
    {
        await using var h = await StartAsync(r => r
            .AddActivity<string, string>("ChargeCard", (_, _, _) => Task.FromResult("charged"))
            .AddActivity<string, string>("SendInvoice", (_, _, _) => Task.FromResult("sent"))
            .AddOrchestrator<string, string>("Fickle", async (ctx, _) =>
            {
                var first = Interlocked.Increment(ref _nonDeterministicRuns) == 1 ? "ChargeCard" : "SendInvoice";
                await ctx.CallActivityAsync<string>(first);
                return "done";
            }));

        var result = await h.RunAsync("Fickle");

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.RuntimeStatus);
        Assert.True(result.FailureDetails!.IsCausedBy<NonDeterministicOrchestrationException>());
        Assert.Contains("activity 'ChargeCard'", result.FailureDetails.ErrorMessage);
        Assert.Contains("activity 'SendInvoice'", result.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task Query_FiltersByStatusAndPrefix_AndPagesWithContinuationTokens()
    {
        await using var h = await StartAsync(r => r
            .AddOrchestrator<bool, string>("Maybe", async (ctx, wait) => wait ? await ctx.WaitForExternalEvent<string>("Go") : "done"));

        for (var i = 0; i < 5; i++)
        {
            var id = $"q-{i}";
            await h.Client.ScheduleNewOrchestrationInstanceAsync("Maybe", i >= 3, new StartOrchestrationOptions(id));
            if (i < 3)
            {
                await h.WaitAsync(id);
            }
            else
            {
                await h.WaitForStatusAsync(id, OrchestrationRuntimeStatus.Running);
            }
        }

        await h.RunAsync("Maybe", false, "other-1");

        var completed = await h.Client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: [OrchestrationRuntimeStatus.Completed], InstanceIdPrefix: "q-"));
        Assert.Equal(["q-0", "q-1", "q-2"], completed.Values.Select(m => m.InstanceId));

        var seen = new List<string>();
        var pages = 0;
        string? token = null;
        do
        {
            var page = await h.Client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: "q-", PageSize: 2, ContinuationToken: token));
            seen.AddRange(page.Values.Select(m => m.InstanceId));
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(["q-0", "q-1", "q-2", "q-3", "q-4"], seen);
        Assert.Equal(3, pages);

        var recent = await h.Client.GetAllInstancesAsync(new OrchestrationQuery(CreatedFrom: DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Empty(recent.Values);
    }

    [Fact]
    public async Task NewGuid_AndInputs_AreStableAcrossReplays_AndCustomStatusIsVisible()
    {
        var guidsSeen = new ConcurrentBag<Guid>();
        var replayFlags = new ConcurrentQueue<bool>();
        await using var h = await StartAsync(r => r
            .AddActivity<int, int>("Noop", (_, x, _) => Task.FromResult(x))
            .AddOrchestrator<StepInput, string>("Guids", async (ctx, input) =>
            {
                var guid = ctx.NewGuid();
                guidsSeen.Add(guid);
                replayFlags.Enqueue(ctx.IsReplaying);
                ctx.SetCustomStatus($"step {input.Step}");
                await ctx.CallActivityAsync<int>("Noop", 1);
                await ctx.CallActivityAsync<int>("Noop", 2);
                return $"{ctx.GetInput<StepInput>()!.InstanceId}:{guid}";
            }));

        var result = await h.RunAsync("Guids", new StepInput("abc", 7));

        Assert.Single(guidsSeen.Distinct());
        Assert.Equal(3, guidsSeen.Count);
        Assert.Equal([false, true, true], replayFlags);
        Assert.Equal($"abc:{guidsSeen.First()}", result.ReadOutputAs<string>());
        Assert.Equal("step 7", result.ReadCustomStatusAs<string>());
    }
}
