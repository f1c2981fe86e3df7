using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Serverless.Storage.Artifacts;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>Runs alone, so the process's memory is this test's.</summary>
[CollectionDefinition(nameof(LargeArtifactCollection), DisableParallelization = true)]
public sealed class LargeArtifactCollection;

/// <summary>An artifact much larger than the memory the store may use, written and read back through Azurite.</summary>
[Collection(nameof(LargeArtifactCollection))]
public sealed class LargeArtifactTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const long ContentBytes = 300L * 1000 * 1000;

    // The Blob client buffers the blocks in flight (MaximumConcurrency x MaximumTransferSize, 4 x 8 MiB) and
    // the first InitialTransferSize (8 MiB) in pooled arrays, plus a chunk or two; the rest is GC slack. A store
    // that buffered the artifact would need the ~140 MB of stored bytes or the 300 MB of content on top.
    private const long MaxWorkingSetGrowth = 100L * 1024 * 1024;

    [Fact]
    public async Task ArtifactOf300MB_IsWrittenAndReadBack_WithFlatMemory()
    {
        var container = await ArtifactContainer.CreateAsync(azurite);
        var store = new ArtifactStore(container, new ArtifactStoreOptions { KeyProvider = ArtifactStoreTests.Keys("k1", ArtifactTestContent.Key(31)) });
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = CurrentWorkingSet();
        using var sampler = new PeakSampler();

        var written = Stopwatch.StartNew();
        using var source = new RandomRowStream(ContentBytes);
        var artifact = await store.WriteAsync("large-1", "big.tsv", source);
        written.Stop();
        var sourceSha256 = source.Sha256();

        var read = Stopwatch.StartNew();
        string readSha256;
        long readBytes = 0;
        await using (var content = await store.OpenReadAsync("large-1", artifact))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            var buffer = new byte[128 * 1024];
            int n;
            while ((n = await content.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, n);
                readBytes += n;
            }

            readSha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        read.Stop();
        var peak = sampler.Stop();

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{ContentBytes / 1e6:N0} MB -> {artifact.StoredBytes / 1e6:N1} MB stored; write {written.Elapsed.TotalSeconds:N1} s, read {read.Elapsed.TotalSeconds:N1} s; "
            + $"working set {baseline / 1e6:N1} MB before, peak {peak / 1e6:N1} MB (+{(peak - baseline) / 1e6:N1} MB)"));
        Assert.Equal(ContentBytes, artifact.OriginalBytes);
        Assert.Equal(ContentBytes, readBytes);
        Assert.Equal(sourceSha256, readSha256);
        Assert.True(peak - baseline < MaxWorkingSetGrowth, $"The working set grew by {(peak - baseline) / 1e6:N1} MB while moving a {ContentBytes / 1e6:N0} MB artifact.");
    }

    private static long CurrentWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    /// <summary>Samples the working set every 20 ms on its own thread.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private long _peak;

        public PeakSampler()
        {
            _peak = CurrentWorkingSet();
            _thread = new Thread(() =>
            {
                while (!_stop.Token.WaitHandle.WaitOne(20))
                {
                    _peak = Math.Max(Volatile.Read(ref _peak), CurrentWorkingSet());
                }
            })
            { IsBackground = true };
            _thread.Start();
        }

        public long Stop()
        {
            _stop.Cancel();
            _thread.Join();
            return Math.Max(_peak, CurrentWorkingSet());
        }

        public void Dispose()
        {
            if (!_stop.IsCancellationRequested)
            {
                Stop();
            }

            _stop.Dispose();
        }
    }
}
