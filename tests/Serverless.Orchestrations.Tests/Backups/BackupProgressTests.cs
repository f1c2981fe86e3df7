using System.Collections.Concurrent;
using Serverless.DataPlane.Snapshots;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Tests.Instances;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms;
using Serverless.Storage.Documents;
using Xunit;

namespace Serverless.Orchestrations.Tests.Backups;

/// <summary>How a dump's progress reaches pollers: throttled, latest value only, never backwards.</summary>
public sealed class BackupProgressTests(InstanceHarness harness) : IClassFixture<InstanceHarness>
{
    [Fact]
    public async Task Publisher_WritesOnlyTheLatestPercent_AtMostOncePerInterval_AndSurvivesAFailedWrite()
    {
        var written = new ConcurrentQueue<int>();
        var calls = 0;
        var publisher = new SnapshotProgressPublisher(
            (percent, _) =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    throw new InvalidOperationException("The catalog is unavailable.");
                }

                written.Enqueue(percent);
                return Task.CompletedTask;
            },
            TimeSpan.FromMilliseconds(200),
            CancellationToken.None);
        await using (publisher)
        {
            for (var rows = 1; rows <= 40; rows++)
            {
                publisher.Report(new SnapshotProgress(rows, 100, rows * 10));
            }

            await Task.Delay(700);
            publisher.Report(new SnapshotProgress(90, 100, 900));
            await Task.Delay(500);
        }

        Assert.InRange(calls, 2, 7);
        Assert.Equal(40, written.First());
        Assert.Equal(90, written.Last());
        Assert.Equal(written.Distinct(), written);
    }

    [Fact]
    public async Task OperationProgress_IsRecordedWhileRunning_NeverGoesBack_AndShowsInTheOperation()
    {
        var catalog = new InMemoryDocumentStore();
        var now = DateTimeOffset.UtcNow;
        await OperationRecords.CreateAsync(catalog, "p", "op-1", "instance-1", OperationKind.Backup, "backup-none", now, CancellationToken.None);
        var service = new InstanceService(catalog, harness.Client, new NoSecrets());

        Assert.True(await OperationRecords.ReportProgressAsync(catalog, "p", "op-1", BackupSteps.DumpSnapshotStep, 47, TimeProvider.System, CancellationToken.None));
        Assert.False(await OperationRecords.ReportProgressAsync(catalog, "p", "op-1", BackupSteps.DumpSnapshotStep, 30, TimeProvider.System, CancellationToken.None));
        var running = await service.GetOperationAsync("p", "op-1", CancellationToken.None);
        Assert.Equal((BackupSteps.DumpSnapshotStep, 47), (running.CurrentStep, running.ProgressPercent));

        await OperationRecords.UpdateAsync(catalog, new OperationUpdate("p", "op-1", OperationStatus.Completed, "mark-active", 100, null), TimeProvider.System, CancellationToken.None);
        Assert.False(await OperationRecords.ReportProgressAsync(catalog, "p", "op-1", BackupSteps.DumpSnapshotStep, 99, TimeProvider.System, CancellationToken.None));
        Assert.Equal(100, (await service.GetOperationAsync("p", "op-1", CancellationToken.None)).ProgressPercent);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(1L << 30, 2)]
    [InlineData(10L << 30, 11)]
    [InlineData((10L << 30) + 1, 12)]
    public void RequiredVolume_IsTheDataPlusTenPercent_RoundedUpToWholeGigabytes(long dataBytes, long gigabytes) =>
        Assert.Equal(gigabytes, RestoreValidation.RequiredVolumeGigabytes(dataBytes));

    private sealed class NoSecrets : ISecretStore
    {
        public Task<string> CreateAsync(string secretId, string value, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<string?> GetAsync(string secretId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public Task DeleteAsync(string secretId, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
