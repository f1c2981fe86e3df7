using System.Text;
using Azure;
using Serverless.Storage.Blobs;
using Serverless.Testing;
using Xunit;

namespace Serverless.Storage.Tests.Blobs;

public sealed class BlobContainerClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly BlobServiceClient service = new(azurite.ConnectionString);

    public static TheoryData<string> AwkwardNames => new()
    {
        "with space.json",
        "folder/sub folder/file name.txt",
        "ünïcödé/日本語/файл.bin",
        "emoji 😀/🚀 launch",
        "reserved !$&'()*+,;=:@[]~ chars",
        "percent %20 and %2F literally",
        "question?mark#hash",
        "trailing space ",
        "deep/a/b/c/d/e/f/g/h/i/j/k.json",
    };

    [Fact]
    public async Task Container_CreateIfNotExists_ThenDeleteIfExists_ReportWhatTheyDid()
    {
        var container = service.GetContainerClient(UniqueContainerName());

        Assert.True(await container.CreateIfNotExistsAsync());
        Assert.False(await container.CreateIfNotExistsAsync());
        Assert.True(await container.DeleteIfExistsAsync());
        Assert.False(await container.DeleteIfExistsAsync());
    }

    [Theory]
    [MemberData(nameof(AwkwardNames))]
    public async Task BlobNames_WithSpacesUnicodeAndSlashes_RoundTripThroughEveryOperation(string name)
    {
        var container = await NewContainerAsync();
        var content = BinaryData.FromString($"content of {name}");

        var written = await container.PutAsync(name, content);
        var properties = await container.GetPropertiesAsync(name);
        await using (var download = await container.DownloadAsync(name))
        {
            Assert.Equal(content.ToArray(), await ReadAllAsync(download.Content));
        }

        var listed = await ListNamesAsync(container, prefix: null);
        Assert.True(await container.DeleteAsync(name));

        Assert.Equal(written.ETag, properties.ETag);
        Assert.Equal(content.ToArray().Length, properties.ContentLength);
        Assert.Equal([name], listed);
        Assert.Empty(await ListNamesAsync(container, prefix: null));
    }

    [Fact]
    public async Task Put_StoresContentTypeAndMetadata_ThatPropertiesDownloadAndListingReturn()
    {
        var container = await NewContainerAsync();
        var metadata = new Dictionary<string, string> { ["origin"] = "test", ["rows_total"] = "42" };

        var written = await container.PutAsync("meta.json", BinaryData.FromString("{}"), new BlobWriteOptions { ContentType = "application/json", Metadata = metadata });
        var properties = await container.GetPropertiesAsync("meta.json");
        await using var download = await container.DownloadAsync("meta.json");
        var listed = Assert.Single(await ListAsync(container, null));

        foreach (var observed in new[] { written, properties, download.Properties, listed.Properties })
        {
            Assert.Equal(written.ETag, observed.ETag);
            Assert.Equal("application/json", observed.ContentType);
            Assert.Equal("test", observed.Metadata["origin"]);
            Assert.Equal("42", observed.Metadata["rows_total"]);
            Assert.Equal(2, observed.ContentLength);
        }

        Assert.True(properties.LastModified > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Put_ReplacesContent_AndChangesTheETag()
    {
        var container = await NewContainerAsync();

        var first = await container.PutAsync("doc", BinaryData.FromString("one"));
        var second = await container.PutAsync("doc", BinaryData.FromString("two"));

        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal("two", Encoding.UTF8.GetString(await DownloadAllAsync(container, "doc")));
    }

    [Fact]
    public async Task EmptyBlobs_CanBePutUploadedAndRead()
    {
        var container = await NewContainerAsync();

        await container.PutAsync("put-empty", BinaryData.Empty);
        await container.UploadAsync("upload-empty", new MemoryStream());

        Assert.Empty(await DownloadAllAsync(container, "put-empty"));
        Assert.Empty(await DownloadAllAsync(container, "upload-empty"));
        Assert.Equal(0, (await container.GetPropertiesAsync("upload-empty")).ContentLength);
    }

    [Fact]
    public async Task Download_OfARange_ReturnsThoseBytes_AndTheWholeBlobsSize()
    {
        var container = await NewContainerAsync();
        await container.PutAsync("ranged", BinaryData.FromBytes(GeneratedStream.Expected(0, 10_000)));

        await using var download = await container.DownloadAsync("ranged", new BlobReadOptions { Range = new HttpRange(1234, 1000) });

        Assert.Equal(GeneratedStream.Expected(1234, 1000), await ReadAllAsync(download.Content));
        Assert.Equal(1000, download.ContentLength);
        Assert.Equal(10_000, download.Properties.ContentLength);
    }

    [Fact]
    public async Task Upload_OfSmallContent_IsOnePutBlob()
    {
        var recorder = new RecordingPolicy();
        var container = await NewContainerAsync(recorder);
        recorder.Requests.Clear();

        await container.UploadAsync("small", new GeneratedStream(1000), new BlobWriteOptions { BlockSize = 4096 });

        var request = Assert.Single(recorder.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("BlockBlob", request.Headers["x-ms-blob-type"]);
        Assert.Equal(GeneratedStream.Expected(0, 1000), await DownloadAllAsync(container, "small"));
    }

    [Fact]
    public async Task Upload_OfLargerContent_StagesBlocksInParallel_WithinMaxConcurrency_AndCommitsThemInOrder()
    {
        var recorder = new RecordingPolicy();
        var container = await NewContainerAsync(recorder);
        recorder.Requests.Clear();
        const int length = 100_000;

        var written = await container.UploadAsync(
            "staged.bin",
            new GeneratedStream(length),
            new BlobWriteOptions { BlockSize = 4096, MaxConcurrency = 3, ContentType = "application/x-test", Metadata = new Dictionary<string, string> { ["kind"] = "staged" } });

        var blocks = recorder.Requests.Count(r => r.Uri.Query.Contains("comp=block&", StringComparison.Ordinal));
        var commits = recorder.Requests.Count(r => r.Uri.Query.Contains("comp=blocklist", StringComparison.Ordinal));
        Assert.Equal((length + 4095) / 4096, blocks);
        Assert.Equal(1, commits);
        Assert.InRange(recorder.MaxInFlight, 1, 3);
        Assert.Equal(GeneratedStream.Expected(0, length), await DownloadAllAsync(container, "staged.bin"));
        var properties = await container.GetPropertiesAsync("staged.bin");
        Assert.Equal(written.ETag, properties.ETag);
        Assert.Equal(length, properties.ContentLength);
        Assert.Equal("application/x-test", properties.ContentType);
        Assert.Equal("staged", properties.Metadata["kind"]);
    }

    [Fact]
    public async Task Upload_OfAnExactMultipleOfTheBlockSize_CommitsEveryBlock()
    {
        var container = await NewContainerAsync();

        await container.UploadAsync("exact", new GeneratedStream(3 * 1024), new BlobWriteOptions { BlockSize = 1024 });

        Assert.Equal(GeneratedStream.Expected(0, 3 * 1024), await DownloadAllAsync(container, "exact"));
    }

    [Fact]
    public async Task Put_IfNotExists_OnAnExistingBlob_ThrowsConflict_AndKeepsTheBlob()
    {
        var container = await NewContainerAsync();
        var original = await container.PutAsync("once", BinaryData.FromString("first"));

        var e = await Assert.ThrowsAsync<BlobConflictException>(
            () => container.PutAsync("once", BinaryData.FromString("second"), new BlobWriteOptions { Conditions = BlobConditions.IfNotExists }));

        Assert.Equal(409, e.Status);
        Assert.Equal("BlobAlreadyExists", e.ErrorCode);
        Assert.Contains("'once'", e.Message, StringComparison.Ordinal);
        Assert.Contains($"container '{container.Name}'", e.Message, StringComparison.Ordinal);
        Assert.Equal(original.ETag, (await container.GetPropertiesAsync("once")).ETag);
    }

    [Fact]
    public async Task Upload_IfNotExists_OnAnExistingBlob_ThrowsConflict_AndKeepsTheBlob()
    {
        var container = await NewContainerAsync();
        await container.PutAsync("staged-once", BinaryData.FromString("first"));

        await Assert.ThrowsAsync<BlobConflictException>(() => container.UploadAsync(
            "staged-once", new GeneratedStream(10_000), new BlobWriteOptions { BlockSize = 1024, Conditions = BlobConditions.IfNotExists }));

        Assert.Equal("first", Encoding.UTF8.GetString(await DownloadAllAsync(container, "staged-once")));
    }

    [Fact]
    public async Task Put_IfUnchanged_WithAStaleETag_ThrowsConditionNotMet()
    {
        var container = await NewContainerAsync();
        var first = await container.PutAsync("guarded", BinaryData.FromString("v1"));
        var second = await container.PutAsync("guarded", BinaryData.FromString("v2"), new BlobWriteOptions { Conditions = BlobConditions.IfUnchanged(first.ETag) });

        var e = await Assert.ThrowsAsync<BlobConditionNotMetException>(
            () => container.PutAsync("guarded", BinaryData.FromString("v3"), new BlobWriteOptions { Conditions = BlobConditions.IfUnchanged(first.ETag) }));

        Assert.Equal(412, e.Status);
        Assert.Equal("ConditionNotMet", e.ErrorCode);
        Assert.Equal(second.ETag, (await container.GetPropertiesAsync("guarded")).ETag);
    }

    [Fact]
    public async Task Put_IfUnchanged_OnAMissingBlob_FailsAndCreatesNothing()
    {
        var container = await NewContainerAsync();

        var e = await Assert.ThrowsAnyAsync<BlobStorageException>(
            () => container.PutAsync("never", BinaryData.FromString("x"), new BlobWriteOptions { Conditions = BlobConditions.IfUnchanged(new ETag("\"0x1\"")) }));

        Assert.True(e is BlobConditionNotMetException or BlobNotFoundException, e.GetType().Name);
        await Assert.ThrowsAsync<BlobNotFoundException>(() => container.GetPropertiesAsync("never"));
    }

    [Fact]
    public async Task Download_WithConditions_ThrowsConditionNotMet_WhenTheyFail()
    {
        var container = await NewContainerAsync();
        var first = await container.PutAsync("read-guarded", BinaryData.FromString("v1"));
        var second = await container.PutAsync("read-guarded", BinaryData.FromString("v2"));

        await Assert.ThrowsAsync<BlobConditionNotMetException>(
            () => container.DownloadAsync("read-guarded", new BlobReadOptions { Conditions = BlobConditions.IfUnchanged(first.ETag) }));
        var notModified = await Assert.ThrowsAsync<BlobConditionNotMetException>(
            () => container.DownloadAsync("read-guarded", new BlobReadOptions { Conditions = new BlobConditions { IfNoneMatch = second.ETag } }));
        await using var current = await container.DownloadAsync("read-guarded", new BlobReadOptions { Conditions = BlobConditions.IfUnchanged(second.ETag) });

        Assert.Equal(304, notModified.Status);
        Assert.Equal("v2", Encoding.UTF8.GetString(await ReadAllAsync(current.Content)));
    }

    [Fact]
    public async Task Delete_ReturnsFalseForMissingBlobs_AndHonoursConditions()
    {
        var container = await NewContainerAsync();
        var first = await container.PutAsync("to-delete", BinaryData.FromString("v1"));
        var second = await container.PutAsync("to-delete", BinaryData.FromString("v2"));

        await Assert.ThrowsAsync<BlobConditionNotMetException>(() => container.DeleteAsync("to-delete", BlobConditions.IfUnchanged(first.ETag)));
        Assert.True(await container.DeleteAsync("to-delete", BlobConditions.IfUnchanged(second.ETag)));
        Assert.False(await container.DeleteAsync("to-delete"));
        Assert.False(await service.GetContainerClient(UniqueContainerName()).DeleteAsync("anything"));
    }

    [Fact]
    public async Task MissingBlobsAndContainers_ThrowNotFound_WithTheirErrorCodes()
    {
        var container = await NewContainerAsync();
        var missingContainer = service.GetContainerClient(UniqueContainerName());

        var blob = await Assert.ThrowsAsync<BlobNotFoundException>(() => container.GetPropertiesAsync("absent"));
        var download = await Assert.ThrowsAsync<BlobNotFoundException>(() => container.DownloadAsync("absent"));
        var noContainer = await Assert.ThrowsAsync<BlobNotFoundException>(() => missingContainer.PutAsync("x", BinaryData.FromString("x")));
        var listing = await Assert.ThrowsAsync<BlobNotFoundException>(() => missingContainer.ListPageAsync(null, null, null));

        Assert.Equal("BlobNotFound", blob.ErrorCode);
        Assert.Equal("BlobNotFound", download.ErrorCode);
        Assert.Equal("ContainerNotFound", noContainer.ErrorCode);
        Assert.Equal("ContainerNotFound", listing.ErrorCode);
        Assert.Equal("absent", blob.BlobName);
        Assert.Contains("CreateIfNotExistsAsync", noContainer.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listing_InSmallPages_ReturnsEveryBlobUnderThePrefixOnce_InNameOrder()
    {
        var container = await NewContainerAsync();
        var names = Enumerable.Range(0, 23).Select(i => $"paged/item-{i:D3}").ToList();
        await Task.WhenAll(names.Select(name => container.PutAsync(name, BinaryData.FromString(name))));
        await container.PutAsync("other/outside", BinaryData.FromString("x"));

        var pages = new List<BlobPage>();
        string? continuation = null;
        do
        {
            var page = await container.ListPageAsync("paged/", continuation, pageSize: 5);
            pages.Add(page);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        Assert.Equal(5, pages.Count);
        Assert.All(pages, page => Assert.InRange(page.Items.Count, 1, 5));
        Assert.Equal(names, pages.SelectMany(page => page.Items).Select(item => item.Name));
        Assert.Equal(names, await ListNamesAsync(container, "paged/"));
        Assert.Equal(24, (await ListNamesAsync(container, null)).Count);
    }

    [Fact]
    public async Task SharedKey_IsAcceptedForEveryVerb()
    {
        var recorder = new RecordingPolicy();
        var container = await NewContainerAsync(recorder);

        // Metadata names where ordinal and the service's header order differ ('_' against digits).
        await container.PutAsync("signed", BinaryData.FromString("signed"), new BlobWriteOptions { Metadata = new Dictionary<string, string> { ["a_b"] = "1", ["a1"] = "2", ["FOO_BAR"] = "3", ["FOO2_BAR"] = "4" } });
        await container.UploadAsync("signed-blocks", new GeneratedStream(3000), new BlobWriteOptions { BlockSize = 1024 });
        await container.GetPropertiesAsync("signed");
        await using (await container.DownloadAsync("signed", new BlobReadOptions { Range = new HttpRange(1, 3) }))
        {
        }

        await container.ListPageAsync("sig", null, 1);
        await container.DeleteAsync("signed");
        await container.DeleteIfExistsAsync();

        Assert.Equal(["DELETE", "GET", "HEAD", "PUT"], recorder.Requests.Select(r => r.Method).Distinct().Order(StringComparer.Ordinal));
        Assert.All(recorder.Requests, r => Assert.StartsWith("SharedKey devstoreaccount1:", r.Headers["Authorization"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongAccountKey_IsRejected_WithAnErrorThatDoesNotRevealTheKey()
    {
        var wrongKey = Convert.ToBase64String(Encoding.ASCII.GetBytes("definitely-not-the-azurite-key-0123456789"));
        var connectionString = azurite.ConnectionString.Replace(StorageConnectionString.DevelopmentAccountKey, wrongKey, StringComparison.Ordinal);
        var container = new BlobServiceClient(connectionString).GetContainerClient(UniqueContainerName());

        var e = await Assert.ThrowsAsync<BlobStorageException>(() => container.CreateIfNotExistsAsync());

        Assert.Equal(403, e.Status);
        // Azure says AuthenticationFailed, Azurite AuthorizationFailure.
        Assert.True(e.ErrorCode is "AuthenticationFailed" or "AuthorizationFailure", e.ErrorCode);
        Assert.DoesNotContain(wrongKey, e.ToString(), StringComparison.Ordinal);
        Assert.Contains("account key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableService_ThrowsBlobStorageException_WithStatusZero()
    {
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var closedPort = azurite.Server.Port == 1 ? 2 : 1;
        var container = new BlobServiceClient(
            $"AccountName=devstoreaccount1;AccountKey={StorageConnectionString.DevelopmentAccountKey};BlobEndpoint=http://127.0.0.1:{closedPort}/devstoreaccount1", options)
            .GetContainerClient("unreachable");

        var e = await Assert.ThrowsAsync<BlobStorageException>(() => container.GetPropertiesAsync("x"));

        Assert.Equal(0, e.Status);
        Assert.NotNull(e.InnerException);
        Assert.Contains("Azurite", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("UpperCase")]
    [InlineData("double--hyphen")]
    [InlineData("-leading")]
    public void InvalidContainerNames_AreRejectedBeforeAnyRequest(string name) =>
        Assert.Throws<ArgumentException>(() => service.GetContainerClient(name));

    [Theory]
    [InlineData("")]
    [InlineData("a/../b")]
    [InlineData("./a")]
    public async Task InvalidBlobNames_AreRejectedBeforeAnyRequest(string name) =>
        await Assert.ThrowsAsync<ArgumentException>(() => service.GetContainerClient("any-container").PutAsync(name, BinaryData.Empty));

    internal static string UniqueContainerName() => $"test-{Guid.NewGuid():N}";

    internal static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static async Task<byte[]> DownloadAllAsync(BlobContainerClient container, string name)
    {
        await using var download = await container.DownloadAsync(name);
        return await ReadAllAsync(download.Content);
    }

    private static async Task<List<BlobItem>> ListAsync(BlobContainerClient container, string? prefix)
    {
        var items = new List<BlobItem>();
        await foreach (var item in container.ListAsync(prefix))
        {
            items.Add(item);
        }

        return items;
    }

    private static async Task<List<string>> ListNamesAsync(BlobContainerClient container, string? prefix) =>
        [.. (await ListAsync(container, prefix)).Select(item => item.Name)];

    private async Task<BlobContainerClient> NewContainerAsync(RecordingPolicy? recorder = null)
    {
        var client = service;
        if (recorder is not null)
        {
            var options = new BlobClientOptions();
            options.AddPolicy(recorder, Azure.Core.HttpPipelinePosition.BeforeTransport);
            client = new BlobServiceClient(azurite.ConnectionString, options);
        }

        var container = client.GetContainerClient(UniqueContainerName());
        await container.CreateIfNotExistsAsync();
        return container;
    }
}
