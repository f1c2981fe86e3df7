using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Serverless.Durable.Engine;

/// <summary>
/// Turns an instance document plus its inbox into the next document state: applies control messages
/// (terminate, suspend, resume), then replays history with the new messages through the orchestrator code and
/// records the outcome. Pure with respect to storage: the caller commits the result under the read ETag.
/// </summary>
internal sealed class EpisodeRunner(DurableTaskRegistry registry, int maxPayloadBytes, ILoggerFactory loggerFactory)
{
    private JsonSerializerOptions Serializer => registry.SerializerOptions;

    /// <summary>Advances <paramref name="doc"/> in place. Returns false when nothing changed.</summary>
    public bool Run(InstanceDocument doc, DateTimeOffset now)
    {
        if (doc.Inbox.Count == 0 || doc.IsTerminal)
        {
            return false;
        }

        var inbox = doc.Inbox;
        doc.Inbox = [];
        var messages = inbox.Where(m => m.Generation < 0 || m.Generation == doc.Generation).ToList();

        var terminate = messages.FirstOrDefault(m => m.Kind == HistoryEventKind.ExecutionTerminated);
        if (terminate is not null)
        {
            doc.Status = OrchestrationRuntimeStatus.Terminated;
            doc.Output = terminate.Payload;
            doc.LastUpdatedAt = now;
            return true;
        }

        foreach (var control in messages.Where(m => m.IsControl))
        {
            if (control.Kind == HistoryEventKind.ExecutionSuspended && doc.Status is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending)
            {
                doc.Status = OrchestrationRuntimeStatus.Suspended;
            }
            else if (control.Kind == HistoryEventKind.ExecutionResumed && doc.Status == OrchestrationRuntimeStatus.Suspended)
            {
                doc.Status = doc.History.Count == 0 ? OrchestrationRuntimeStatus.Pending : OrchestrationRuntimeStatus.Running;
            }
        }

        var work = messages.Where(m => !m.IsControl).ToList();
        doc.LastUpdatedAt = now;
        if (doc.Status == OrchestrationRuntimeStatus.Suspended)
        {
            // Suspended: keep everything for after the resume.
            doc.Inbox = work;
            return true;
        }

        work = Deduplicate(doc.History, work);
        if (work.Count == 0)
        {
            return true;
        }

        var fresh = new List<HistoryEvent>(work.Count + 1) { new() { Kind = HistoryEventKind.OrchestratorStarted, Timestamp = now.UtcDateTime } };
        fresh.AddRange(work);
        ExecutionOutcome outcome;
        if (!registry.TryCreateOrchestrator(doc.Name, out var orchestrator))
        {
            outcome = new ExecutionOutcome(ExecutionOutcomeKind.Failed, null, new TaskFailureDetails(
                typeof(InvalidOperationException).FullName!,
                $"No orchestrator named '{doc.Name}' is registered with this engine; register it in the DurableTaskRegistry.",
                null,
                null), [], [], false, false, null);
        }
        else
        {
            outcome = new OrchestrationExecutor(doc, orchestrator, Serializer, maxPayloadBytes, loggerFactory).Execute(doc.History, fresh);
        }

        if (outcome.CustomStatusSet)
        {
            doc.CustomStatus = outcome.CustomStatus;
        }

        switch (outcome.Kind)
        {
            case ExecutionOutcomeKind.Running:
                doc.Status = OrchestrationRuntimeStatus.Running;
                doc.History.AddRange(fresh);
                doc.History.AddRange(outcome.NewActions);
                break;
            case ExecutionOutcomeKind.Completed:
                doc.Status = OrchestrationRuntimeStatus.Completed;
                doc.Output = outcome.Output;
                doc.History.AddRange(fresh);
                break;
            case ExecutionOutcomeKind.Failed:
                doc.Status = OrchestrationRuntimeStatus.Failed;
                doc.Failure = outcome.Failure;
                doc.History.AddRange(fresh);
                break;
            case ExecutionOutcomeKind.ContinuedAsNew:
                doc.Generation++;
                doc.Status = OrchestrationRuntimeStatus.Running;
                doc.Input = outcome.Output;
                doc.History = [];
                doc.Inbox = [new HistoryEvent { Kind = HistoryEventKind.ExecutionStarted, Name = doc.Name, Payload = outcome.Output, Generation = doc.Generation, Timestamp = now.UtcDateTime }];
                if (outcome.PreserveUnprocessedEvents)
                {
                    doc.Inbox.AddRange(outcome.CarriedOverEvents);
                }

                break;
        }

        return true;
    }

    /// <summary>
    /// Drops completions that history already holds or that answer nothing scheduled: activities run at least once,
    /// so the same result can arrive twice.
    /// </summary>
    private static List<HistoryEvent> Deduplicate(List<HistoryEvent> history, List<HistoryEvent> messages)
    {
        var scheduled = new HashSet<int>();
        var completed = new HashSet<int>();
        var started = false;
        foreach (var e in history)
        {
            if (e.IsScheduling)
            {
                scheduled.Add(e.TaskId);
            }
            else if (e.IsCompletion)
            {
                completed.Add(e.TaskId);
            }
            else if (e.Kind == HistoryEventKind.ExecutionStarted)
            {
                started = true;
            }
        }

        var result = new List<HistoryEvent>(messages.Count);
        foreach (var m in messages)
        {
            if (m.IsCompletion && (!scheduled.Contains(m.TaskId) || !completed.Add(m.TaskId)))
            {
                continue;
            }

            if (m.Kind == HistoryEventKind.ExecutionStarted)
            {
                if (started)
                {
                    continue;
                }

                started = true;
            }

            result.Add(m);
        }

        return result;
    }
}
