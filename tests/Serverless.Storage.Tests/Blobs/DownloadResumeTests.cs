using Azure.Core;
using Azure.Core.Pipeline;
using Serverless.Storage.Blobs;
using Serverless.Testing;
using Xunit;

namespace Serverless.Storage.Tests.Blobs;

public sealed class DownloadResumeTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int BlobSize = 3 * 1024 * 1024;
    private const int FailAfter = 1024 * 1024 + 123;

    [Fact]
    public async Task Download_ResumesWithARangedConditionalRead_AfterTheBodyBreaks()
    {
        var recorder = new RecordingPolicy();
        var container = await NewContainerAsync(new BodyFaultPolicy(FailAfter), recorder);
        var written = await container.PutAsync("resumable", BinaryData.FromBytes(GeneratedStream.Expected(0, BlobSize)));
        recorder.Requests.Clear();

        await using var download = await container.DownloadAsync("resumable");
        var content = await BlobContainerClientTests.ReadAllAsync(download.Content);

        Assert.Equal(GeneratedStream.Expected(0, BlobSize), content);
        var requests = recorder.Requests.ToList();
        Assert.Equal(2, requests.Count);
        Assert.False(requests[0].Headers.ContainsKey("x-ms-range"));
        Assert.Equal($"bytes={FailAfter}-{BlobSize - 1}", requests[1].Headers["x-ms-range"]);
        Assert.Equal(written.ETag.ToString("H"), requests[1].Headers["If-Match"]);
    }

    [Fact]
    public async Task Download_OfARange_ResumesWithinThatRange()
    {
        var recorder = new RecordingPolicy();
        var container = await NewContainerAsync(new BodyFaultPolicy(failAfter: 5000), recorder);
        await container.PutAsync("ranged-resume", BinaryData.FromBytes(GeneratedStream.Expected(0, 100_000)));
        recorder.Requests.Clear();

        await using var ranged = await container.DownloadAsync("ranged-resume", new BlobReadOptions { Range = new Azure.HttpRange(10_000, 20_000) });
        var content = await BlobContainerClientTests.ReadAllAsync(ranged.Content);

        Assert.Equal(GeneratedStream.Expected(10_000, 20_000), content);
        Assert.Equal(["bytes=10000-29999", "bytes=15000-29999"], recorder.Requests.Select(r => r.Headers["x-ms-range"]));
    }

    [Fact]
    public async Task Download_DoesNotMixVersions_WhenTheBlobIsReplacedBeforeTheResume()
    {
        var container = await NewContainerAsync(new BodyFaultPolicy(FailAfter));
        await container.PutAsync("replaced", BinaryData.FromBytes(GeneratedStream.Expected(0, BlobSize)));

        await using var download = await container.DownloadAsync("replaced");
        var head = new byte[FailAfter];
        await download.Content.ReadExactlyAsync(head);
        await container.PutAsync("replaced", BinaryData.FromBytes(GeneratedStream.Expected(0, BlobSize, seed: 2)));

        var e = await Assert.ThrowsAsync<BlobConditionNotMetException>(() => download.Content.ReadAsync(new byte[1024]).AsTask());
        Assert.Equal(412, e.Status);
        Assert.Equal(GeneratedStream.Expected(0, FailAfter), head);
    }

    [Fact]
    public async Task Download_ReadSynchronously_ResumesToo()
    {
        var container = await NewContainerAsync(new BodyFaultPolicy(FailAfter));
        await container.PutAsync("sync", BinaryData.FromBytes(GeneratedStream.Expected(0, BlobSize)));

        await using var download = await container.DownloadAsync("sync");
        using var copy = new MemoryStream();
        download.Content.CopyTo(copy);

        Assert.Equal(GeneratedStream.Expected(0, BlobSize), copy.ToArray());
    }

    private async Task<BlobContainerClient> NewContainerAsync(params HttpPipelinePolicy[] policies)
    {
        var options = new BlobClientOptions();
        options.Retry.Delay = TimeSpan.FromMilliseconds(20);
        foreach (var policy in policies)
        {
            options.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        var container = new BlobServiceClient(azurite.ConnectionString, options).GetContainerClient(BlobContainerClientTests.UniqueContainerName());
        await container.CreateIfNotExistsAsync();
        return container;
    }
}
