using Microsoft.Extensions.Configuration;
using Xunit;

namespace Serverless.Functions.Tests;

/// <summary>The app reads its settings under the names infra/bicep sets (docs/deploy-azure.md), and the Functions host's own.</summary>
public sealed class FunctionsSettingsTests
{
    [Fact]
    public void Read_TheSettingsInfraBicepSets_GivesTheBlobEndpointWithTheUserAssignedIdentity_ContainersAndTokens()
    {
        var settings = FunctionsSettings.Read(Configuration(new()
        {
            ["AzureWebJobsStorage:accountName"] = "stserverless",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://host-account.blob.core.windows.net/",
            ["Serverless:Azure:ManagedIdentityClientId"] = "00000000-0000-0000-0000-000000000001",
            ["Serverless:Storage:BlobServiceUri"] = "https://stserverless.blob.core.windows.net/",
            ["Serverless:Storage:CatalogContainer"] = "catalog-x",
            ["Serverless:Storage:BackupsContainer"] = "backups-x",
            ["Serverless:Api:ProjectTokens:alpha"] = "alpha-token-value-that-is-long-enough",
        }));

        Assert.Equal(new Uri("https://stserverless.blob.core.windows.net/"), settings.ControlPlane.Storage.BlobServiceUri);
        Assert.Equal("00000000-0000-0000-0000-000000000001", settings.ControlPlane.Storage.ManagedIdentityClientId);
        Assert.Null(settings.ControlPlane.Storage.ConnectionString);
        Assert.Equal("catalog-x", settings.ControlPlane.CatalogContainer);
        Assert.Equal("backups-x", settings.ControlPlane.BackupsContainer);
        Assert.Equal("alpha-token-value-that-is-long-enough", Assert.Single(settings.ProjectTokens, t => t.Key == "alpha").Value);
    }

    [Fact]
    public void Read_OnlyAzureWebJobsStorage_UsesTheHostsAccount_AsConnectionStringOrIdentityBasedEndpoint()
    {
        var azurite = FunctionsSettings.Read(Configuration(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" }));
        Assert.Equal("UseDevelopmentStorage=true", azurite.ControlPlane.Storage.ConnectionString);
        Assert.Equal("catalog", azurite.ControlPlane.CatalogContainer);

        var identity = FunctionsSettings.Read(Configuration(new()
        {
            ["AzureWebJobsStorage:blobServiceUri"] = "https://host-account.blob.core.windows.net/",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000002",
        }));
        Assert.Equal(new Uri("https://host-account.blob.core.windows.net/"), identity.ControlPlane.Storage.BlobServiceUri);
        Assert.Equal("00000000-0000-0000-0000-000000000002", identity.ControlPlane.Storage.ManagedIdentityClientId);
    }

    [Theory]
    [InlineData(null, "No storage account is configured")]
    [InlineData("http://insecure.blob.core.windows.net/", "must be an absolute https address")]
    [InlineData("not a uri", "is not an absolute address")]
    public void Read_WithoutAUsableStorageAccount_SaysWhatToSet(string? endpoint, string expected)
    {
        var values = new Dictionary<string, string?>();
        if (endpoint is not null)
        {
            values["Serverless:Storage:BlobServiceUri"] = endpoint;
        }

        var error = Assert.ThrowsAny<Exception>(() => FunctionsSettings.Read(Configuration(values)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BackupSettings_MakeFullBackupsResumable_AndSetTheSegmentSize_AndRefuseBadValues()
    {
        var storage = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" };
        var defaults = FunctionsSettings.Read(Configuration(storage));
        Assert.False(defaults.ControlPlane.ResumableBackups);

        var set = FunctionsSettings.Read(Configuration(new(storage)
        {
            ["Serverless:Backups:ResumableStepSeconds"] = "240",
            ["Serverless:Backups:SegmentArtifactBytes"] = "16777216",
        }));
        Assert.True(set.ControlPlane.ResumableBackups);
        Assert.Equal(TimeSpan.FromMinutes(4), set.ControlPlane.DumpStepBudget);
        Assert.Equal(16_777_216, set.ControlPlane.SegmentArtifactBytes);

        foreach (var bad in new[] { "0", "-5", "4m", "1e3" })
        {
            var error = Assert.Throws<InvalidOperationException>(() => FunctionsSettings.Read(Configuration(new(storage) { ["Serverless:Backups:ResumableStepSeconds"] = bad })));
            Assert.Contains("Serverless__Backups__ResumableStepSeconds must be a whole positive number", error.Message, StringComparison.Ordinal);
        }
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
