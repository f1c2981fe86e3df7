using Serverless.Storage.Blobs;
using Xunit;

namespace Serverless.Storage.Tests.Blobs;

public sealed class BearerTokenTests
{
    [Fact]
    public async Task TokenCredential_IsAskedForTheStorageScope_AndItsTokenIsSentAsBearer()
    {
        await using var server = await RecordingHttpsServer.StartAsync();
        var credential = new FakeTokenCredential("fake-access-token");
        var container = new BlobServiceClient(server.BlobEndpoint, credential, server.TrustingOptions()).GetContainerClient("catalog");

        var written = await container.PutAsync("instances/db 1.json", BinaryData.FromString("{}"), new BlobWriteOptions { ContentType = "application/json" });

        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/catalog/instances/db%201.json", request.Uri.AbsolutePath);
        Assert.Equal("Bearer fake-access-token", request.Headers["Authorization"]);
        Assert.Equal(BlobClientOptions.ServiceVersion, request.Headers["x-ms-version"]);
        Assert.True(request.Headers.ContainsKey("x-ms-date"));
        Assert.Equal("application/json", request.Headers["x-ms-blob-content-type"]);
        Assert.Equal(["https://storage.azure.com/.default"], Assert.Single(credential.RequestedScopes.DistinctBy(s => string.Join(' ', s))));
        Assert.Equal("\"0x8DCAFE\"", written.ETag.ToString("H"));
    }

    [Fact]
    public void TokenCredential_WithAPlainHttpEndpoint_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new BlobServiceClient(new Uri("http://127.0.0.1:10000/devstoreaccount1"), new FakeTokenCredential("t")));
}
