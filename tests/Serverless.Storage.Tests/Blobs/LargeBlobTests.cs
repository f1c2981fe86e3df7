using System.Diagnostics;
using Serverless.Storage.Blobs;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Storage.Tests.Blobs;

[Collection(nameof(SoloCollection))]
public sealed class LargeBlobTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const long Size = 1L << 30;
    // The managed heap must stay below this whatever ran before in the process; the working set
    // may not grow by more than GrowthBound (other tests in the process set its starting point).
    private const long MemoryBound = 300L * 1024 * 1024;
    private const long GrowthBound = 200L * 1024 * 1024;

    [Fact]
    public async Task OneGibibyte_UploadsFromAStreamAndDownloadsBack_InBoundedMemory()
    {
        var container = new BlobServiceClient(azurite.ConnectionString).GetContainerClient(BlobContainerClientTests.UniqueContainerName());
        await container.CreateIfNotExistsAsync();
        var options = new BlobWriteOptions { BlockSize = 8 * 1024 * 1024, MaxConcurrency = 4 };

        GC.Collect();
        GC.WaitForPendingFinalizers();
        await using var sampler = new MemorySampler();
        var stopwatch = Stopwatch.StartNew();
        var written = await container.UploadAsync("large/one-gib.bin", new GeneratedStream(Size), options);
        var uploadTime = stopwatch.Elapsed;

        stopwatch.Restart();
        long verified = 0;
        await using (var download = await container.DownloadAsync("large/one-gib.bin"))
        {
            var buffer = new byte[1024 * 1024];
            var expected = new byte[buffer.Length];
            int read;
            while ((read = await download.Content.ReadAsync(buffer)) > 0)
            {
                GeneratedStream.Fill(expected.AsSpan(0, read), verified);
                Assert.True(buffer.AsSpan(0, read).SequenceEqual(expected.AsSpan(0, read)), $"content differs in the {read} bytes at offset {verified}");
                verified += read;
            }

            Assert.Equal(Size, download.ContentLength);
            Assert.Equal(written.ETag, download.Properties.ETag);
        }

        var downloadTime = stopwatch.Elapsed;
        output.WriteLine($"1 GiB upload {uploadTime.TotalSeconds:0.0} s ({Size / 1048576.0 / uploadTime.TotalSeconds:0} MiB/s), " +
                         $"download+verify {downloadTime.TotalSeconds:0.0} s ({Size / 1048576.0 / downloadTime.TotalSeconds:0} MiB/s)");
        output.WriteLine(sampler.ToString());
        Assert.Equal(Size, verified);
        Assert.Equal(Size, (await container.GetPropertiesAsync("large/one-gib.bin")).ContentLength);
        Assert.True(sampler.PeakWorkingSet - sampler.BaselineWorkingSet < GrowthBound, $"the working set grew by more than {GrowthBound / 1048576} MiB: {sampler}");
        Assert.True(sampler.PeakManagedHeap < MemoryBound, $"the managed heap exceeded {MemoryBound / 1048576} MiB: {sampler}");
        await container.DeleteIfExistsAsync();
    }
}
