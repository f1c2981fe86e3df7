using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Orchestrations;
using Serverless.Orchestrations.ArtifactKeys;
using Serverless.Platforms;
using Serverless.Platforms.Azure;
using Serverless.Platforms.Local.Instances;
using Serverless.Storage.Artifacts;
using Xunit;

namespace Serverless.Functions.Tests;

/// <summary>
/// The app's services built from exactly the settings infra/bicep writes (its committed snapshots), with the values
/// only Azure knows (identity client id, endpoints, Key Vault references) filled in as App Service would: every
/// service resolves, the fleet is the Azure one, and nothing calls Azure on the way.
/// </summary>
public sealed class FunctionsCompositionTests
{
    [Theory]
    [InlineData("main.snapshot.json")]
    [InlineData("private-access.snapshot.json")]
    public async Task TheBicepAppSettings_ComposeTheAzureFleet_AndEveryServiceResolves(string snapshot)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(AppSettings(snapshot)).Build();
        var services = new ServiceCollection().AddLogging().AddFunctionsServices(configuration);

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        foreach (var service in services.Where(service => !service.ServiceType.IsGenericTypeDefinition).Select(service => service.ServiceType).Distinct())
        {
            Assert.NotEmpty(provider.GetServices(service));
        }

        var platform = Assert.IsType<AzureDatabasePlatform>(provider.GetRequiredService<IDatabasePlatform>());
        Assert.IsType<KeyVaultSecretStore>(provider.GetRequiredService<ISecretStore>());
        Assert.True(platform.CreatesReplicasNatively);
        Assert.Matches("^inst-1-[0-9a-f]{8}$", platform.ServerNameOf("inst-1"));

        // Backups are encrypted with the key the deployment names, read from Key Vault by id and never generated there;
        // the vault secret the Bicep writes is the one the secret store reads for that id.
        var keys = Assert.IsType<SecretStoreArtifactKeyProvider>(provider.GetRequiredService<IArtifactKeyProvider>());
        Assert.Same(keys, provider.GetRequiredService<ArtifactStore>().Options.KeyProvider);
        Assert.Equal(configuration["Serverless:Artifacts:CurrentKeyId"], keys.CurrentKeyId);
        Assert.False(provider.GetRequiredService<ControlPlaneOptions>().ArtifactKeys.CreateMissingCurrentKey);
        var secretName = KeyVaultSecretNames.For(SecretStoreArtifactKeyProvider.SecretIdOf(keys.CurrentKeyId));
        Assert.Contains(KeyVaultSecretIds(snapshot), id => id.EndsWith($"/secrets/{secretName}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutAPlatformSetting_TheAppDrivesTheLocalFleet()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Serverless:LocalPlatformRoot"] = Path.Combine(Path.GetTempPath(), "serverless-composition-test"),
        }).Build();

        await using var provider = new ServiceCollection().AddLogging().AddFunctionsServices(configuration).BuildServiceProvider();

        Assert.IsType<LocalDatabasePlatform>(provider.GetRequiredService<IDatabasePlatform>());
        var keys = Assert.IsType<SecretStoreArtifactKeyProvider>(provider.GetRequiredService<IArtifactKeyProvider>());
        Assert.Equal(ArtifactKeyOptions.DefaultKeyId, keys.CurrentKeyId);
        Assert.True(provider.GetRequiredService<ControlPlaneOptions>().ArtifactKeys.CreateMissingCurrentKey);
    }

    [Fact]
    public void AnArtifactKeyIdNoSecretCanHold_IsNamedInTheError()
    {
        var settings = AppSettings("main.snapshot.json");
        settings["Serverless:Artifacts:CurrentKeyId"] = "k1/../k2";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFunctionsServices(configuration));

        Assert.Contains(AzureAppSettings.ArtifactCurrentKeyId, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAzureSettingThatIsMissing_IsNamedInTheError()
    {
        var settings = AppSettings("main.snapshot.json");
        settings.Remove("Serverless:Azure:MySql:ResourceGroup");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var error = Assert.Throws<InvalidOperationException>(() => new ServiceCollection().AddFunctionsServices(configuration));

        Assert.Contains(AzureAppSettings.MySqlResourceGroup, error.Message, StringComparison.Ordinal);
    }

    /// <summary>The resource ids of the Key Vault secrets a snapshot deploys.</summary>
    private static List<string> KeyVaultSecretIds(string snapshot)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "infra", "bicep", snapshot)));
        return [.. document.RootElement.GetProperty("predictedResources").EnumerateArray()
            .Where(resource => resource.GetProperty("type").GetString() == "Microsoft.KeyVault/vaults/secrets")
            .Select(resource => resource.GetProperty("id").GetString()!)];
    }

    /// <summary>The app settings of a snapshot as configuration keys, ARM expressions replaced by values of their kind.</summary>
    private static Dictionary<string, string?> AppSettings(string snapshot)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "infra", "bicep", snapshot)));
        var config = document.RootElement.GetProperty("predictedResources").EnumerateArray()
            .Single(resource => resource.GetProperty("type").GetString() == "Microsoft.Web/sites/config");
        return config.GetProperty("properties").EnumerateObject().ToDictionary(
            setting => setting.Name.Replace("__", ":", StringComparison.Ordinal),
            setting => (string?)Resolve(setting.Name, setting.Value.GetString()!),
            StringComparer.OrdinalIgnoreCase);
    }

    private static string Resolve(string name, string value)
    {
        if (!value.StartsWith('['))
        {
            return value;
        }

        return name switch
        {
            _ when value.Contains("@Microsoft.KeyVault", StringComparison.Ordinal) => "resolved-by-app-service",
            _ when name.EndsWith("clientId", StringComparison.OrdinalIgnoreCase) => "5b1f3c0e-9d2a-4e7b-8c61-0f4a2d9e3b17",
            _ when name.EndsWith("ServiceUri", StringComparison.OrdinalIgnoreCase) => "https://dbaasst.blob.core.windows.net/",
            AzureAppSettings.KeyVaultUri => "https://dbaas-kv.vault.azure.net/",
            AzureAppSettings.ResourceManagerEndpoint => "https://management.azure.com/",
            _ => "InstrumentationKey=00000000-0000-0000-0000-000000000000",
        };
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Serverless.sln above {AppContext.BaseDirectory}.");
    }
}
