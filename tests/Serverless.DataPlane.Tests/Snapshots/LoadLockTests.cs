using Serverless.DataPlane.Snapshots;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

/// <summary>
/// Two deliveries of one load step (a seed or a restore) into the same server run one after the other, never at once,
/// and a load that fails still lets the next one in.
/// </summary>
public sealed class LoadLockTests(SnapshotEnvironment environment) : IClassFixture<SnapshotEnvironment>
{
    [Fact]
    public async Task ConcurrentLoadsIntoOneServer_RunOneAtATime_AndAFailedOneReleasesTheLock()
    {
        var inside = 0;
        var overlapped = false;
        var firstInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task<int> Load(int which, Task hold)
        {
            overlapped |= Interlocked.Increment(ref inside) > 1;
            if (which == 1)
            {
                firstInside.SetResult();
            }

            await hold;
            Interlocked.Decrement(ref inside);
            return which;
        }

        var first = LoadLock.RunAsync(environment.TargetOptions, "seed-a", () => Load(1, releaseFirst.Task), CancellationToken.None);
        await firstInside.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = LoadLock.RunAsync(environment.TargetOptions, "seed-a", () => Load(2, Task.CompletedTask), CancellationToken.None);

        // The second delivery waits on the server's lock for as long as the first one loads.
        await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.False(second.IsCompleted, "the second load ran while the first held the lock");
        releaseFirst.SetResult();
        Assert.Equal((1, 2), (await first, await second));
        Assert.False(overlapped);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            LoadLock.RunAsync<int>(environment.TargetOptions, "seed-b", () => throw new InvalidOperationException("load failed"), CancellationToken.None));
        Assert.Equal(3, await LoadLock.RunAsync(environment.TargetOptions, "seed-b", () => Task.FromResult(3), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
