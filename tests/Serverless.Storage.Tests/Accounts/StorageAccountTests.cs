using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Serverless.Storage.Accounts;
using Serverless.Testing;
using Xunit;

namespace Serverless.Storage.Tests.Accounts;

/// <summary>Configuration picks how the service reaches its storage account: connection string, or endpoint and identity.</summary>
[Collection(nameof(IdentityEnvironmentCollection))]
public sealed class StorageAccountTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string ClientId = "6f2d8c1e-4b7a-4f0e-9c35-1d2e3f405162";

    [Fact]
    public async Task ConnectionString_FromConfiguration_ReachesAzurite_WithTheAccountKey()
    {
        var account = Bind(new() { ["Storage:ConnectionString"] = azurite.ConnectionString });

        var service = BlobServiceClientFactory.Create(account);
        var container = service.GetBlobContainerClient($"account-{Guid.NewGuid():N}");
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("a/b.json").UploadAsync(BinaryData.FromString("{}"));

        Assert.Equal("devstoreaccount1", service.AccountName);
        Assert.Equal("{}", (await container.GetBlobClient("a/b.json").DownloadContentAsync()).Value.Content.ToString());
    }

    [Fact]
    public async Task BlobServiceUri_WithATokenCredential_SendsItsTokenAsBearer_ForTheStorageScope()
    {
        await using var server = await RecordingHttpsServer.StartAsync();
        var credential = new FakeTokenCredential("fake-access-token");
        var service = BlobServiceClientFactory.Create(new StorageAccountOptions { BlobServiceUri = server.BlobEndpoint }, credential, server.Trust);

        var written = await service.GetBlobContainerClient("catalog").GetBlobClient("instances/db 1.json").UploadAsync(BinaryData.FromString("{}"));

        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal($"/{RecordingHttpsServer.AccountName}/catalog/instances/db%201.json", request.Uri.AbsolutePath);
        Assert.Equal("Bearer fake-access-token", request.Headers["Authorization"]);
        Assert.Equal("2026-06-06", request.Headers["x-ms-version"]);
        Assert.Equal(["https://storage.azure.com/.default"], Assert.Single(credential.RequestedScopes.DistinctBy(s => string.Join(' ', s))));
        Assert.Equal("\"0x8DCAFE\"", written.Value.ETag.ToString("H"));
    }

    [Theory]
    [InlineData(ClientId)]
    [InlineData(null)]
    public async Task BlobServiceUri_FromConfiguration_SignsInWithTheManagedIdentity_UserAssignedWhenAClientIdIsGiven(string? clientId)
    {
        await using var server = await RecordingHttpsServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["Storage:BlobServiceUri"] = server.BlobEndpoint.ToString(), ["Storage:ManagedIdentityClientId"] = clientId };
        var account = Bind(settings);

        // The identity endpoint as App Service and Azure Functions publish it to the process.
        using (new IdentityEnvironment(server.IdentityEndpoint, "identity-header-secret"))
        {
            var service = BlobServiceClientFactory.Create(account, configure: server.Trust);
            Assert.IsType(clientId is null ? typeof(DefaultAzureCredential) : typeof(ManagedIdentityCredential), BlobServiceClientFactory.CreateCredential(account));
            await service.GetBlobContainerClient("catalog").GetBlobClient("instances/db-1.json").UploadAsync(BinaryData.FromString("{}"));
        }

        var tokenRequest = Assert.Single(server.TokenRequests);
        var query = System.Web.HttpUtility.ParseQueryString(tokenRequest.Uri.Query);
        Assert.Equal("identity-header-secret", tokenRequest.Headers["X-IDENTITY-HEADER"]);
        Assert.StartsWith("https://storage.azure.com", query["resource"], StringComparison.Ordinal);
        Assert.Equal(clientId, query["client_id"]);
        var blobRequest = Assert.Single(server.Requests);
        Assert.Equal($"/{RecordingHttpsServer.AccountName}/catalog/instances/db-1.json", blobRequest.Uri.AbsolutePath);
        Assert.Equal($"Bearer {RecordingHttpsServer.IssuedToken}", blobRequest.Headers["Authorization"]);
    }

    [Theory]
    [InlineData(null, null, null, "No storage account is configured")]
    [InlineData("UseDevelopmentStorage=true", "https://account.blob.core.windows.net", null, "configured twice")]
    [InlineData("UseDevelopmentStorage=true", null, ClientId, "applies to BlobServiceUri only")]
    [InlineData(null, "http://account.blob.core.windows.net", null, "https")]
    [InlineData(null, "https://account.blob.core.windows.net", " ", "ManagedIdentityClientId is empty")]
    public void IncompleteOrContradictorySettings_AreRefused_NamingTheSettingToFix(string? connectionString, string? blobServiceUri, string? clientId, string expected)
    {
        var account = new StorageAccountOptions
        {
            ConnectionString = connectionString,
            BlobServiceUri = blobServiceUri is null ? null : new Uri(blobServiceUri),
            ManagedIdentityClientId = clientId,
        };

        var error = Assert.Throws<StorageConfigurationException>(() => BlobServiceClientFactory.Create(account));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedConnectionString_IsRefused_WithoutRepeatingIt()
    {
        const string secret = "c2VjcmV0LWtleS1ub3QtdG8tYmUtcHJpbnRlZA==";

        var error = Assert.Throws<StorageConfigurationException>(
            () => BlobServiceClientFactory.Create(new StorageAccountOptions { ConnectionString = $"AccountKey={secret};Nonsense" }));

        Assert.DoesNotContain(secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_PrintWithoutTheConnectionString()
    {
        var printed = new StorageAccountOptions { ConnectionString = azurite.ConnectionString }.ToString();

        Assert.DoesNotContain("AccountKey", printed, StringComparison.Ordinal);
        Assert.Contains("ConnectionString = (set, not shown)", printed, StringComparison.Ordinal);
    }

    private static StorageAccountOptions Bind(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Storage").Get<StorageAccountOptions>()
            ?? throw new InvalidOperationException("The settings hold no Storage section.");

    /// <summary>Sets the App Service managed identity variables for the life of the object, and restores them after.</summary>
    private sealed class IdentityEnvironment : IDisposable
    {
        private static readonly string[] Names = ["IDENTITY_ENDPOINT", "IDENTITY_HEADER"];
        private readonly string?[] _previous = Names.Select(Environment.GetEnvironmentVariable).ToArray();

        public IdentityEnvironment(Uri endpoint, string header)
        {
            Environment.SetEnvironmentVariable(Names[0], endpoint.ToString());
            Environment.SetEnvironmentVariable(Names[1], header);
        }

        public void Dispose()
        {
            for (var i = 0; i < Names.Length; i++)
            {
                Environment.SetEnvironmentVariable(Names[i], _previous[i]);
            }
        }
    }
}
