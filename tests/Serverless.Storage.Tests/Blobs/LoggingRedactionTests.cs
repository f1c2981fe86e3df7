using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Azure.Core;
using Azure.Core.Diagnostics;
using Azure.Core.Pipeline;
using Serverless.Storage.Blobs;
using Serverless.Testing;
using Xunit;

namespace Serverless.Storage.Tests.Blobs;

/// <summary>Azure.Core's event source logs requests; keys, signatures and tokens must never be in it.</summary>
public sealed class LoggingRedactionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task SharedKeyRequests_AreLogged_WithoutTheKeyOrTheSignature()
    {
        var recorder = new RecordingPolicy();
        var options = new BlobClientOptions();
        options.AddPolicy(recorder, HttpPipelinePosition.BeforeTransport);
        var container = new BlobServiceClient(azurite.ConnectionString, options).GetContainerClient(BlobContainerClientTests.UniqueContainerName());
        var log = new ConcurrentQueue<string>();

        using (new AzureEventSourceListener((_, message) => log.Enqueue(message), EventLevel.Verbose))
        {
            await container.CreateIfNotExistsAsync();
            await container.PutAsync("logged", BinaryData.FromString("x"), new BlobWriteOptions { Conditions = BlobConditions.IfNotExists });
            await Assert.ThrowsAsync<BlobConflictException>(() => container.PutAsync("logged", BinaryData.FromString("x"), new BlobWriteOptions { Conditions = BlobConditions.IfNotExists }));
            await container.ListPageAsync("log", null, 10);
        }

        var text = string.Join('\n', log);
        var signatures = recorder.Requests.Select(r => r.Headers["Authorization"]["SharedKey devstoreaccount1:".Length..]).ToList();
        Assert.Contains("comp=list", text, StringComparison.Ordinal);
        Assert.Contains("Authorization:REDACTED", text, StringComparison.Ordinal);
        Assert.DoesNotContain(StorageConnectionString.DevelopmentAccountKey, text, StringComparison.Ordinal);
        Assert.NotEmpty(signatures);
        Assert.All(signatures, signature => Assert.DoesNotContain(signature, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TokenRequests_AreLogged_WithoutTheTokenOrSasSignatures()
    {
        await using var server = await RecordingHttpsServer.StartAsync();
        var options = server.TrustingOptions();
        options.AddPolicy(new AddQueryParameterPolicy("sig", "secret-sas-signature"), HttpPipelinePosition.PerCall);
        var container = new BlobServiceClient(server.BlobEndpoint, new FakeTokenCredential("secret-access-token"), options).GetContainerClient("logged");
        var log = new ConcurrentQueue<string>();

        using (new AzureEventSourceListener((_, message) => log.Enqueue(message), EventLevel.Verbose))
        {
            await container.PutAsync("blob", BinaryData.FromString("x"));
        }

        var text = string.Join('\n', log);
        Assert.Contains("sig=REDACTED", text, StringComparison.Ordinal);
        Assert.Contains("Authorization:REDACTED", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-sas-signature", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-access-token", text, StringComparison.Ordinal);
        Assert.Contains("sig=secret-sas-signature", Assert.Single(server.Requests).Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_ThatWouldLogCredentials_AreRefused()
    {
        var loggingAuthorization = new BlobClientOptions();
        loggingAuthorization.Diagnostics.LoggedHeaderNames.Add("Authorization");
        var loggingSignatures = new BlobClientOptions();
        loggingSignatures.Diagnostics.LoggedQueryParameters.Add("sig");

        Assert.Throws<ArgumentException>(() => new BlobServiceClient(azurite.ConnectionString, loggingAuthorization));
        Assert.Throws<ArgumentException>(() => new BlobServiceClient(azurite.ConnectionString, loggingSignatures));
        Assert.DoesNotContain("sig", new BlobClientOptions().Diagnostics.LoggedQueryParameters);
    }

    private sealed class AddQueryParameterPolicy(string name, string value) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) => message.Request.Uri.AppendQuery(name, value);
    }
}
