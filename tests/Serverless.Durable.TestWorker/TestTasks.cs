using System.Globalization;
using Microsoft.DurableTask;

namespace Serverless.Durable.TestWorker;

/// <summary>Registers every test orchestrator and activity.</summary>
public static class TestTasks
{
    /// <summary>The data converter of the tests: source-generated metadata only.</summary>
    public static SourceGeneratedDataConverter Converter { get; } =
        new(SourceGeneratedDataConverter.CreateOptions(TestPayloadsJsonContext.Default));

    /// <summary>Adds the test tasks to a registry.</summary>
    public static void Register(DurableTaskRegistry registry) => registry
        .AddOrchestrator<JournalOrchestrator>()
        .AddOrchestrator<FlakyOrchestrator>()
        .AddOrchestrator<FailingOrchestrator>()
        .AddOrchestrator<ParentOrchestrator>()
        .AddOrchestrator<ChildOrchestrator>()
        .AddOrchestrator<TimerOrchestrator>()
        .AddOrchestrator<ApprovalOrchestrator>()
        .AddActivity<JournalStepActivity>()
        .AddActivity<FlakyActivity>()
        .AddActivity<FailingActivity>();
}

/// <summary>Runs N journal steps in order, publishing each step as custom status; returns the step count.</summary>
[DurableTask(nameof(JournalOrchestrator))]
public sealed class JournalOrchestrator : TaskOrchestrator<JournalInput, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, JournalInput input)
    {
        for (var step = 1; step <= input.Steps; step++)
        {
            context.SetCustomStatus(new TestProgress("step", step));
            await context.CallActivityAsync<bool>(nameof(JournalStepActivity), new JournalStep(input.JournalPath, step, input.StepMilliseconds));
        }

        context.SetCustomStatus(new TestProgress("done", input.Steps));
        return input.Steps;
    }
}

/// <summary>
/// Appends "run {step}" on every execution and "done {step}" once in effect: a re-run after a crash finds its
/// "done" line and does not add another, as the project's activities find their work already done.
/// </summary>
[DurableTask(nameof(JournalStepActivity))]
public sealed class JournalStepActivity : TaskActivity<JournalStep, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, JournalStep input)
    {
        File.AppendAllText(input.JournalPath, $"run {input.Step}\n");
        await Task.Delay(input.StepMilliseconds);
        var done = $"done {input.Step.ToString(CultureInfo.InvariantCulture)}";
        if (!File.ReadAllLines(input.JournalPath).Contains(done))
        {
            File.AppendAllText(input.JournalPath, done + "\n");
        }

        return true;
    }
}

/// <summary>Calls <see cref="FlakyActivity"/> with a retry policy that gives up on permanent failures.</summary>
[DurableTask(nameof(FlakyOrchestrator))]
public sealed class FlakyOrchestrator : TaskOrchestrator<FlakyInput, int>
{
    public override Task<int> RunAsync(TaskOrchestrationContext context, FlakyInput input) =>
        context.CallActivityAsync<int>(nameof(FlakyActivity), input, TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(200))
        {
            HandleFailure = failure => !failure.IsCausedBy<NotSupportedException>(),
        }));
}

/// <summary>Counts its attempts in a file; throws until the configured attempt (a NotSupportedException when permanent).</summary>
[DurableTask(nameof(FlakyActivity))]
public sealed class FlakyActivity : TaskActivity<FlakyInput, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, FlakyInput input)
    {
        File.AppendAllText(input.CounterPath, "x");
        var attempt = File.ReadAllText(input.CounterPath).Length;
        if (input.Permanent)
        {
            throw new NotSupportedException($"permanent failure on attempt {attempt}");
        }

        return attempt < input.SucceedOnAttempt
            ? throw new IOException($"transient failure on attempt {attempt}")
            : Task.FromResult(attempt);
    }
}

/// <summary>Lets an activity's exception escape, so the orchestration fails.</summary>
[DurableTask(nameof(FailingOrchestrator))]
public sealed class FailingOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        await context.CallActivityAsync<string>(nameof(FailingActivity), input);
        return "unreachable";
    }
}

/// <summary>Always throws an <see cref="ArgumentException"/> naming its input.</summary>
[DurableTask(nameof(FailingActivity))]
public sealed class FailingActivity : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) =>
        throw new ArgumentException($"bad input '{input}'");
}

/// <summary>Runs a child orchestration, then catches a failing activity's details.</summary>
[DurableTask(nameof(ParentOrchestrator))]
public sealed class ParentOrchestrator : TaskOrchestrator<string, ParentOutput>
{
    public override async Task<ParentOutput> RunAsync(TaskOrchestrationContext context, string input)
    {
        var child = await context.CallSubOrchestratorAsync<string>(
            nameof(ChildOrchestrator), input, new SubOrchestrationOptions { InstanceId = $"{context.InstanceId}-child" });
        try
        {
            await context.CallActivityAsync<string>(nameof(FailingActivity), input);
            return new ParentOutput(child, "", "");
        }
        catch (TaskFailedException failure)
        {
            return new ParentOutput(child, failure.FailureDetails.ErrorType, failure.FailureDetails.ErrorMessage);
        }
    }
}

/// <summary>Reports its own id, its parent's id and its input.</summary>
[DurableTask(nameof(ChildOrchestrator))]
public sealed class ChildOrchestrator : TaskOrchestrator<string, string>
{
    public override Task<string> RunAsync(TaskOrchestrationContext context, string input) =>
        Task.FromResult($"{context.InstanceId} of {context.Parent?.InstanceId ?? "none"} got {input}");
}

/// <summary>Waits on a durable timer and reports the orchestration time before and after.</summary>
[DurableTask(nameof(TimerOrchestrator))]
public sealed class TimerOrchestrator : TaskOrchestrator<TimerInput, TimerOutput>
{
    public override async Task<TimerOutput> RunAsync(TaskOrchestrationContext context, TimerInput input)
    {
        var before = context.CurrentUtcDateTime;
        await context.CreateTimer(TimeSpan.FromMilliseconds(input.DelayMilliseconds), CancellationToken.None);
        return new TimerOutput(before, context.CurrentUtcDateTime);
    }
}

/// <summary>Waits for an "approve" event and returns who approved.</summary>
[DurableTask(nameof(ApprovalOrchestrator))]
public sealed class ApprovalOrchestrator : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        context.SetCustomStatus(new TestProgress("waiting", 0));
        var approver = await context.WaitForExternalEvent<string>("approve");
        context.SetCustomStatus(new TestProgress("approved", 1));
        return $"{input} approved by {approver}";
    }
}
