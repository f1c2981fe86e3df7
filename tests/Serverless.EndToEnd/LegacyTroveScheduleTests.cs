using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.EndToEnd;

/// <summary>
/// The legacy <c>trove</c> client's schedule commands against the local host, which serves them the small part of
/// Mistral they use (docs/trove-clients.md §7) over our schedules. A per-minute schedule runs on the host's own
/// timer, in real time: the test waits (with a deadline) for its first run to complete.
/// </summary>
public sealed class LegacyTroveScheduleTests(LocalHostFixture fixture, ITestOutputHelper output) : IClassFixture<LocalHostFixture>
{
    private static readonly TimeSpan ActiveTimeout = TimeSpan.FromSeconds(90);

    // A minute until the run falls due, the timer's minute, and the backup itself.
    private static readonly TimeSpan FirstRunTimeout = TimeSpan.FromMinutes(4);

    private readonly LocalHostClients _clients = new(fixture, output);

    [Fact]
    public async Task ScheduleCreate_List_Show_ExecutionList_Delete_WorkThroughTheMistralSubset()
    {
        await _clients.TroveAsync("create", "sched", "m1.tiny", "--size", "1", "--datastore", "mysql", "--datastore_version", "10.11");
        await LocalHostClients.WaitUntilAsync(async () => (await _clients.TroveAsync("show", "sched")).StandardOutput, ActiveTimeout, shown => shown.Contains("ACTIVE", StringComparison.Ordinal));

        var refused = await _clients.TroveFailingAsync("schedule-create", "sched", "61 * * * *", "bad");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("The cron pattern '61 * * * *' is not valid", refused.StandardError, StringComparison.Ordinal);

        var stopwatch = Stopwatch.StartNew();
        var created = (await _clients.TroveAsync("schedule-create", "sched", "* * * * *", "minutely", "--description", "every minute")).StandardOutput;
        output.WriteLine(created);
        var scheduleId = LocalHostClients.Property(created, "id");
        Assert.Equal("* * * * *", LocalHostClients.Property(created, "pattern"));
        Assert.Equal("minutely", LocalHostClients.Property(created, "name"));

        var listed = (await _clients.TroveAsync("schedule-list", "sched")).StandardOutput;
        Assert.Contains(scheduleId, listed, StringComparison.Ordinal);
        Assert.Contains(scheduleId, (await _clients.TroveAsync("schedule-show", scheduleId)).StandardOutput, StringComparison.Ordinal);

        var executions = await LocalHostClients.WaitUntilAsync(
            async () => (await _clients.TroveAsync("execution-list", scheduleId)).StandardOutput, FirstRunTimeout, list => list.Contains("SUCCESS", StringComparison.Ordinal));
        output.WriteLine($"first run succeeded {stopwatch.Elapsed.TotalSeconds:0} s after the schedule was created\n{executions}");
        // This client version prints the execution cells as Python bytes: b'…'.
        var run = executions.Split('\n')
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries).Select(cell => cell.StartsWith("b'", StringComparison.Ordinal) ? cell[2..^1] : cell).ToArray())
            .First(cells => cells.Length > 4 && cells[3] == "SUCCESS");
        var executionId = run[1];
        Assert.Contains("backup_id", run[4], StringComparison.Ordinal);
        var backups = (await _clients.TroveAsync("backup-list")).StandardOutput;
        Assert.Contains("minutely ", backups, StringComparison.Ordinal);

        await _clients.TroveAsync("execution-delete", executionId);
        Assert.DoesNotContain(executionId, (await _clients.TroveAsync("execution-list", scheduleId)).StandardOutput, StringComparison.Ordinal);
        await _clients.TroveAsync("schedule-delete", scheduleId);
        Assert.DoesNotContain(scheduleId, (await _clients.TroveAsync("schedule-list", "sched")).StandardOutput, StringComparison.Ordinal);
        var gone = await _clients.TroveFailingAsync("schedule-show", scheduleId);
        Assert.Contains($"Cron trigger not found [name={scheduleId}]", gone.StandardError, StringComparison.Ordinal);
    }
}
