using System.Globalization;
using Serverless.Cli.Client;
using Spectre.Console;

namespace Serverless.Cli.Output;

/// <summary>
/// Implements <c>--wait</c>: polls <c>GET /operations/{id}</c> until the operation completes or fails, showing the
/// running step and its progress on stderr (a live progress bar on a terminal, one line per step otherwise) so
/// that stdout keeps only the result.
/// </summary>
internal sealed class OperationWaiter(DbaasClient client, CliConsole console, TimeSpan pollInterval)
{
    private const int PlainBarWidth = 20;

    /// <summary>Waits for the operation and returns it completed; throws <see cref="OperationFailedException"/> when it failed.</summary>
    public async Task<OperationResource> WaitAsync(string operationId, CancellationToken cancellationToken)
    {
        var operation = console.ErrorIsTerminal
            ? await WaitWithProgressBarAsync(operationId, cancellationToken)
            : await WaitWithLinesAsync(operationId, cancellationToken);
        return operation.Status == OperationResource.Failed
            ? throw new OperationFailedException(operation.Error ?? $"The {operation.Kind} operation {operation.Id} failed without an error message.")
            : operation;
    }

    /// <summary>Polls <c>GET /instances/{id}</c> until it answers 404, for a delete.</summary>
    public async Task WaitUntilGoneAsync(string instanceId, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await client.GetInstanceAsync(instanceId, cancellationToken);
            }
            catch (DbaasApiException e) when (e.Status == 404)
            {
                return;
            }

            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// Follows a new backup's operation (step and progress) and returns the backup as it ended, <c>COMPLETED</c>;
    /// throws <see cref="OperationFailedException"/> when the backup failed.
    /// </summary>
    public async Task<BackupResource> WaitForBackupAsync(BackupResource backup, CancellationToken cancellationToken)
    {
        var operationId = backup.OperationId
            ?? throw new OperationFailedException($"The service named no operation for backup '{backup.Name}' ({backup.Id}), so there is nothing to wait for; 'dbaas backup-show {backup.Id}' shows it.");
        await WaitAsync(operationId, cancellationToken);
        return await client.GetBackupAsync(backup.Id, cancellationToken);
    }

    private async Task<OperationResource> WaitWithLinesAsync(string operationId, CancellationToken cancellationToken)
    {
        string? shown = null;
        while (true)
        {
            var operation = await client.GetOperationAsync(operationId, cancellationToken);
            var line = Line(operation);
            if (line != shown)
            {
                await console.Error.WriteLineAsync(line.AsMemory(), cancellationToken);
                shown = line;
            }

            if (operation.IsFinished)
            {
                return operation;
            }

            await Task.Delay(pollInterval, cancellationToken);
        }
    }

    private async Task<OperationResource> WaitWithProgressBarAsync(string operationId, CancellationToken cancellationToken)
    {
        OperationResource? last = null;
        await CliConsole.Terminal(console.Error)
            .Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("starting", maxValue: 100);
                while (true)
                {
                    last = await client.GetOperationAsync(operationId, cancellationToken);
                    task.Description = Markup.Escape($"{last.Kind}: {last.CurrentStep ?? "queued"}");
                    task.Value = Math.Clamp(last.Progress, 0, 100);
                    if (last.IsFinished)
                    {
                        if (last.Status == OperationResource.Completed)
                        {
                            task.Value = 100;
                        }

                        task.StopTask();
                        return;
                    }

                    await Task.Delay(pollInterval, cancellationToken);
                }
            });
        return last!;
    }

    // "[#########-----------]  45% create: starting server", then "… COMPLETED" or "… FAILED".
    private static string Line(OperationResource operation)
    {
        var percent = Math.Clamp(operation.Progress, 0, 100);
        var filled = percent * PlainBarWidth / 100;
        var bar = new string('#', filled) + new string('-', PlainBarWidth - filled);
        var step = operation.CurrentStep ?? "queued";
        var end = operation.IsFinished ? $" {operation.Status}" : string.Empty;
        return $"[{bar}] {percent.ToString(CultureInfo.InvariantCulture),3}% {operation.Kind}: {step}{end}";
    }
}
