using System.Text.Json.Serialization;

namespace Serverless.Durable.TestWorker;

/// <summary>Input of <see cref="JournalOrchestrator"/>: append one line per step to a journal file.</summary>
public sealed record JournalInput(string JournalPath, int Steps, int StepMilliseconds);

/// <summary>Input of <see cref="JournalStepActivity"/>.</summary>
public sealed record JournalStep(string JournalPath, int Step, int StepMilliseconds);

/// <summary>Input of <see cref="FlakyActivity"/>: fails until attempt <c>SucceedOnAttempt</c>, counted in a file.</summary>
public sealed record FlakyInput(string CounterPath, int SucceedOnAttempt, bool Permanent);

/// <summary>Input of <see cref="TimerOrchestrator"/>.</summary>
public sealed record TimerInput(int DelayMilliseconds);

/// <summary>What <see cref="TimerOrchestrator"/> saw of its timer, in orchestration time.</summary>
public sealed record TimerOutput(DateTime Before, DateTime After);

/// <summary>The custom status of <see cref="JournalOrchestrator"/> and <see cref="ApprovalOrchestrator"/>.</summary>
public sealed record TestProgress(string Phase, int Step);

/// <summary>Output of <see cref="ParentOrchestrator"/>.</summary>
public sealed record ParentOutput(string ChildSaw, string CaughtType, string CaughtMessage);

/// <summary>Source-generated metadata of every test payload.</summary>
[JsonSerializable(typeof(JournalInput))]
[JsonSerializable(typeof(JournalStep))]
[JsonSerializable(typeof(FlakyInput))]
[JsonSerializable(typeof(TimerInput))]
[JsonSerializable(typeof(TimerOutput))]
[JsonSerializable(typeof(TestProgress))]
[JsonSerializable(typeof(ParentOutput))]
public sealed partial class TestPayloadsJsonContext : JsonSerializerContext;
