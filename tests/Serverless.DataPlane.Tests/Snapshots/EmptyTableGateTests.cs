using Serverless.DataPlane.Snapshots;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

/// <summary>
/// The first loads into an empty table go one at a time (two at once deadlock on MariaDB's bulk insert into an empty
/// table); once one has committed rows, loads run together.
/// </summary>
public sealed class EmptyTableGateTests
{
    [Fact]
    public async Task WhileEmpty_OneLoadAtATime_ThenAllAtOnce()
    {
        var gate = new EmptyTableGate(hasRows: false);
        var firstRunning = new TaskCompletionSource();
        var firstMayEnd = new TaskCompletionSource<int>();
        var secondStarted = false;

        // The first load commits nothing (an empty chunk): the table is still empty, so the next one also goes alone.
        var empty = await gate.LoadAsync(() => Task.FromResult(0), CancellationToken.None);
        Assert.Equal(0, empty);

        var first = gate.LoadAsync(
            async () =>
            {
                firstRunning.SetResult();
                return await firstMayEnd.Task;
            },
            CancellationToken.None);
        await firstRunning.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = gate.LoadAsync(
            () =>
            {
                secondStarted = true;
                return Task.FromResult(7);
            },
            CancellationToken.None);

        // The second waits on the gate, not on time: it cannot start before the first has returned.
        Assert.False(second.IsCompleted);
        Assert.False(secondStarted);
        firstMayEnd.SetResult(500);
        Assert.Equal(500, await first.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(7, await second.WaitAsync(TimeSpan.FromSeconds(30)));

        // The table has rows now: loads no longer wait for each other.
        await AssertLoadsRunTogetherAsync(gate);
    }

    [Fact]
    public async Task ATableWithRowsFromAnEarlierAttempt_LoadsAtOnce()
    {
        await AssertLoadsRunTogetherAsync(new EmptyTableGate(hasRows: true));
    }

    [Fact]
    public async Task AFailedFirstLoad_LetsTheNextOneGo()
    {
        var gate = new EmptyTableGate(hasRows: false);
        await Assert.ThrowsAsync<InvalidOperationException>(() => gate.LoadAsync(() => throw new InvalidOperationException("deadlock"), CancellationToken.None));
        Assert.Equal(4, await gate.LoadAsync(() => Task.FromResult(4), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
    }

    // A load that has not returned does not hold up another.
    private static async Task AssertLoadsRunTogetherAsync(EmptyTableGate gate)
    {
        var blocked = new TaskCompletionSource<int>();
        var running = gate.LoadAsync(() => blocked.Task, CancellationToken.None);
        Assert.Equal(3, await gate.LoadAsync(() => Task.FromResult(3), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        blocked.SetResult(1);
        Assert.Equal(1, await running);
    }
}
