namespace Serverless.Durable.Engine;

/// <summary>An activity, timer or sub-orchestration the orchestrator code asked for, by task id.</summary>
internal sealed class PendingAction
{
    public required HistoryEvent Scheduled { get; init; }

    public TaskCompletionSource<string?> Completion { get; } = new();

    public bool Recorded { get; set; }

    public string Describe() => Describe(Scheduled);

    public static string Describe(HistoryEvent e) => e.Kind switch
    {
        HistoryEventKind.TaskScheduled => $"activity '{e.Name}'",
        HistoryEventKind.TimerCreated => "a timer",
        HistoryEventKind.SubOrchestrationCreated => $"sub-orchestration '{e.Name}'",
        _ => e.Kind.ToString(),
    };

    public bool Matches(HistoryEvent recorded) =>
        recorded.Kind == Scheduled.Kind && string.Equals(recorded.Name, Scheduled.Name, StringComparison.OrdinalIgnoreCase);
}
