using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Platforms;
using Serverless.Platforms.Azure;
using Serverless.Platforms.Local.Instances;
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
