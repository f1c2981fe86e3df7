using Azure.Storage.Blobs.Models;
using Serverless.DataPlane.Binlog;
using Serverless.DataPlane.Snapshots;
using Serverless.DataPlane.Tests.Snapshots;
using Serverless.Storage.Artifacts;
using Xunit;

namespace Serverless.DataPlane.Tests.Binlog;

/// <summary>
/// A capture interrupted after some of its artifacts resumes after the last one it recorded, and two attempts of one
/// capture running at once store one segment without overlapping artifacts.
/// </summary>
public sealed class ResumableCaptureTests(SnapshotEnvironment environment) : IClassFixture<SnapshotEnvironment>
{
    private const int SmallArtifactBytes = 64 * 1024;

    [Fact]
    public async Task InterruptedCapture_ResumesAfterItsLastStoredArtifact_ReadsLittleTwice_AndRestoresExactly()
    {
        var (db, store, full, expected) = await PrepareAsync("resume");
        var options = new SegmentCaptureOptions { ArtifactBytes = SmallArtifactBytes };

        // First attempt: stopped once it has stored 30 artifacts (about two thirds of the segment), like a killed host.
        using var stop = new CancellationTokenSource();
        var first = new LastReport(p =>
        {
            if (p.Parts >= 30)
            {
                stop.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new SegmentCapturer(store).CaptureAsync(environment.SourceOptions, "inc", "full", full.Position, options with { Progress = first }, stop.Token));
        Assert.Equal(30, first.Latest!.Parts);

        // What a host killed between storing an artifact and recording it leaves: an artifact nothing records.
        using (var orphan = new MemoryStream(new byte[SmallArtifactBytes]))
        {
            await store.WriteAsync("inc", SegmentFormat.PartArtifact(30), orphan);
        }

        var second = new LastReport(_ => { });
        var summary = await new SegmentCapturer(store).CaptureAsync(environment.SourceOptions, "inc", "full", full.Position, options with { Progress = second }, CancellationToken.None);

        // The second attempt read only what the first had not stored; the two together read little more than one capture.
        Assert.True(second.Latest!.BytesRead < summary.BinlogBytes / 2, $"the resumed attempt read {second.Latest.BytesRead} of {summary.BinlogBytes} bytes");
        var total = first.Latest.BytesRead + second.Latest.BytesRead;
        Assert.True(total <= summary.BinlogBytes * 1.3, $"the attempts read {total} bytes for a {summary.BinlogBytes}-byte segment");

        // One run of artifacts, numbered in order, and nothing else left in the set.
        var manifest = (await ArtifactSetReader.OpenAsync(store, "inc")).Manifest;
        Assert.True(manifest.Artifacts.Count > 40, $"{manifest.Artifacts.Count} artifacts");
        Assert.Equal(Enumerable.Range(0, manifest.Artifacts.Count).Select(SegmentFormat.PartArtifact), manifest.Artifacts.Select(a => a.Name));
        Assert.Equal(manifest.Artifacts.Select(a => a.BlobName).Order(StringComparer.Ordinal), await PartBlobsAsync(store, "inc"));

        // The replay reports its progress as it goes: rising, to exactly the segment's bytes.
        var replay = new AllReports<SegmentApplyProgress>();
        await new ChainRestorer(store) { ReplayProgress = replay }.RestoreAsync("full", ["inc"], environment.TargetOptions, new SnapshotLoadOptions { IncludeUsers = false }, stopAt: null, CancellationToken.None);
        Assert.Equal(expected, await TableContent.ChecksumAsync(environment.TargetOptions, $"{db}.t"));
        Assert.True(replay.Values.Count >= 20, $"{replay.Values.Count} replay reports");
        Assert.All(replay.Values.Zip(replay.Values.Skip(1)), pair => Assert.True(pair.Second.BytesApplied > pair.First.BytesApplied));
        Assert.Equal(summary.BinlogBytes, replay.Values[^1].BytesApplied);
        Assert.All(replay.Values, p => Assert.Equal(summary.BinlogBytes, p.BytesTotal));
        Assert.True(replay.Values.Select(p => p.Percent).Distinct().Count() >= 10);
        Assert.Equal(summary.End.GtidSet, Convert.ToString(await TableContent.ScalarAsync(environment.TargetOptions, "SELECT @@gtid_binlog_pos"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task TwoAttemptsAtOnce_StoreOneSegment_WithoutOverlappingArtifacts()
    {
        var (db, store, full, expected) = await PrepareAsync("twice");
        var options = new SegmentCaptureOptions { ArtifactBytes = SmallArtifactBytes };

        var captures = await Task.WhenAll(
            Task.Run(() => new SegmentCapturer(store).CaptureAsync(environment.SourceOptions, "inc", "full", full.Position, options, CancellationToken.None)),
            Task.Run(() => new SegmentCapturer(store).CaptureAsync(environment.SourceOptions, "inc", "full", full.Position, options, CancellationToken.None)));

        Assert.Equal(captures[0], captures[1]);
        var manifest = (await ArtifactSetReader.OpenAsync(store, "inc")).Manifest;
        Assert.Equal(Enumerable.Range(0, manifest.Artifacts.Count).Select(SegmentFormat.PartArtifact), manifest.Artifacts.Select(a => a.Name));
        Assert.Equal(manifest.Artifacts.Select(a => a.BlobName).Order(StringComparer.Ordinal), await PartBlobsAsync(store, "inc"));

        await new ChainRestorer(store).RestoreAsync("full", ["inc"], environment.TargetOptions, new SnapshotLoadOptions { IncludeUsers = false }, stopAt: null, CancellationToken.None);
        Assert.Equal(expected, await TableContent.ChecksumAsync(environment.TargetOptions, $"{db}.t"));
    }

    /// <summary>A full backup of a new database, then about 3 MB of binlog after it (some 45 small artifacts).</summary>
    private async Task<(string Db, ArtifactStore Store, SnapshotSummary Full, string Expected)> PrepareAsync(string prefix)
    {
        var db = $"{prefix}_{Guid.NewGuid():N}"[..20];
        var source = environment.SourceOptions;
        await TableContent.ExecuteAsync(source, $"CREATE DATABASE {db}; CREATE TABLE {db}.t (id INT PRIMARY KEY, payload VARCHAR(1000))");
        var store = await environment.CreateStoreAsync();
        var full = await new SnapshotDumper(store).DumpAsync(source, "full", new SnapshotDumpOptions { Databases = [db], IncludeUsers = false }, CancellationToken.None);

        // One row per transaction, so that artifacts close often (only at a transaction's end).
        for (var batch = 0; batch < 30; batch++)
        {
            var statements = string.Concat(Enumerable.Range((batch * 100) + 1, 100).Select(i => $"INSERT INTO {db}.t VALUES ({i}, REPEAT(MD5({i}), 30));"));
            await TableContent.ExecuteAsync(source, statements);
        }

        return (db, store, full, await TableContent.ChecksumAsync(source, $"{db}.t"));
    }

    private static async Task<List<string>> PartBlobsAsync(ArtifactStore store, string setId)
    {
        var names = new List<string>();
        await foreach (var blob in store.Container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{setId}/binlog/" }))
        {
            names.Add(blob.Name);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }

    /// <summary>Keeps every report, synchronously.</summary>
    private sealed class AllReports<T> : IProgress<T>
    {
        public List<T> Values { get; } = [];

        public void Report(T value) => Values.Add(value);
    }

    /// <summary>Keeps the latest report, synchronously (Progress&lt;T&gt; would post it later).</summary>
    private sealed class LastReport(Action<SegmentCaptureProgress> onReport) : IProgress<SegmentCaptureProgress>
    {
        public SegmentCaptureProgress? Latest { get; private set; }

        public void Report(SegmentCaptureProgress value)
        {
            Latest = value;
            onReport(value);
        }
    }
}
