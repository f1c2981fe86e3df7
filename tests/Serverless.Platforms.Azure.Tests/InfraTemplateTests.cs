using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using Serverless.Platforms.Azure;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// What the Bicep in infra/bicep deploys, read from its committed snapshots (which the build checks against the
/// templates with <c>bicep snapshot --mode validate</c>): the settings, containers, roles and runtime the code expects.
/// </summary>
public sealed class InfraTemplateTests
{
    public static TheoryData<string> Snapshots => new() { "main.snapshot.json", "private-access.snapshot.json" };

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void TheAppSettings_AreExactlyTheOnesTheCodeNames(string snapshot)
    {
        var settings = Resource(snapshot, "Microsoft.Web/sites/config").GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();

        var named = typeof(AzureAppSettings).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.Name != nameof(AzureAppSettings.ApiProjectTokenPrefix))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Concat(AzureAppSettings.HostStorage)
            .Concat(AzureAppSettings.Monitoring)
            .ToHashSet();
        var tokens = settings.Where(name => name.StartsWith(AzureAppSettings.ApiProjectTokenPrefix, StringComparison.Ordinal)).ToList();

        Assert.Empty(named.Except(settings));
        Assert.Empty(settings.Except(named).Except(tokens));
        Assert.Equal([AzureAppSettings.ApiProjectTokenPrefix + "default"], tokens);
        // Flex Consumption rejects or ignores these: the runtime is set in functionAppConfig instead.
        Assert.DoesNotContain(settings, name => name is "FUNCTIONS_WORKER_RUNTIME" or "FUNCTIONS_EXTENSION_VERSION" or "WEBSITE_RUN_FROM_PACKAGE" or "WEBSITE_CONTENTSHARE");
    }

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void SecretsReachTheAppAsKeyVaultReferences_AndNoSecretValueIsInTheSnapshot(string snapshot)
    {
        var settings = Resource(snapshot, "Microsoft.Web/sites/config").GetProperty("properties");
        var text = File.ReadAllText(SnapshotPath(snapshot));

        // The artifact key is no setting at all: the app reads it from Key Vault by its id (FunctionsCompositionTests).
        Assert.DoesNotContain(settings.EnumerateObject(), setting => setting.Value.GetString() is { } value && value.Contains("artifact", StringComparison.OrdinalIgnoreCase) && value.Contains("@Microsoft.KeyVault", StringComparison.Ordinal));
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", settings.GetProperty(AzureAppSettings.ApiProjectTokenPrefix + "default").GetString(), StringComparison.Ordinal);
        // The build runs with placeholders (Infra.Bicep.csproj); secure parameters stay parameter references.
        Assert.DoesNotContain("build-only-placeholder", text, StringComparison.Ordinal);
        Assert.Equal(
            "[parameters('mysqlAdministratorPassword')]",
            Resource(snapshot, "Microsoft.DBforMySQL/flexibleServers", name => !name.EndsWith("-r1", StringComparison.Ordinal))
                .GetProperty("properties").GetProperty("administratorLoginPassword").GetString());
    }

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void TheStorageAccount_IsIdentityOnly_AndHasTheContainersTheAppUses(string snapshot)
    {
        var account = Resource(snapshot, "Microsoft.Storage/storageAccounts").GetProperty("properties");
        var containers = Resources(snapshot, "Microsoft.Storage/storageAccounts/blobServices/containers").Select(c => c.GetProperty("name").GetString()!.Split('/')[^1]).ToList();
        var settings = Resource(snapshot, "Microsoft.Web/sites/config").GetProperty("properties");
        var deployment = Resource(snapshot, "Microsoft.Web/sites").GetProperty("properties").GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage");

        Assert.False(account.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(account.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Contains(settings.GetProperty(AzureAppSettings.CatalogContainer).GetString(), containers);
        Assert.Contains(settings.GetProperty(AzureAppSettings.BackupsContainer).GetString(), containers);
        Assert.Contains(containers, container => deployment.GetProperty("value").GetString()!.EndsWith($"'{container}')]", StringComparison.Ordinal));
        Assert.Equal("UserAssignedIdentity", deployment.GetProperty("authentication").GetProperty("type").GetString());
        Assert.Equal("managedidentity", settings.GetProperty("AzureWebJobsStorage__credential").GetString());
    }

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void TheFunctionApp_RunsTheDotnetVersionTheRepositoryTargets_OnFlexConsumption(string snapshot)
    {
        var targetFramework = XDocument.Load(Path.Combine(RepositoryRoot(), "Directory.Build.props")).Descendants("TargetFramework").Single().Value;
        var runtime = Resource(snapshot, "Microsoft.Web/sites").GetProperty("properties").GetProperty("functionAppConfig").GetProperty("runtime");
        var plan = Resource(snapshot, "Microsoft.Web/serverfarms");

        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal($"net{runtime.GetProperty("version").GetString()}", targetFramework);
        Assert.Equal("FlexConsumption", plan.GetProperty("sku").GetProperty("tier").GetString());
        Assert.True(plan.GetProperty("properties").GetProperty("reserved").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void TheMySqlOperatorRole_AllowsWhatTheClientCalls_InTheResourceGroupOnly(string snapshot)
    {
        var role = Resource(snapshot, "Microsoft.Authorization/roleDefinitions").GetProperty("properties");
        var actions = role.GetProperty("permissions")[0].GetProperty("actions").EnumerateArray().Select(a => a.GetString()).ToHashSet();

        Assert.Equal(["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-dbaas"], role.GetProperty("assignableScopes").EnumerateArray().Select(s => s.GetString()));
        // One action per kind of request FlexibleServerClient sends, plus polling.
        string[] needed =
        [
            "flexibleServers/read", "flexibleServers/write", "flexibleServers/delete", "flexibleServers/start/action", "flexibleServers/stop/action",
            "flexibleServers/restart/action", "flexibleServers/replicas/read", "flexibleServers/configurations/read",
            "flexibleServers/updateConfigurations/action", "flexibleServers/firewallRules/write", "flexibleServers/firewallRules/delete",
            "locations/azureAsyncOperation/read", "locations/operationResults/read",
        ];
        Assert.All(needed, action => Assert.Contains($"Microsoft.DBforMySQL/{action}", actions));
        Assert.DoesNotContain(actions, action => action!.EndsWith('*') || action.StartsWith("Microsoft.Web", StringComparison.Ordinal) || action.StartsWith("Microsoft.Storage", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void TheMySqlServer_KeepsBinlogsForCaptureWithFullRowImages(string snapshot)
    {
        var configurations = Resources(snapshot, "Microsoft.DBforMySQL/flexibleServers/configurations")
            .ToDictionary(c => c.GetProperty("name").GetString()!.Split('/')[^1], c => c.GetProperty("properties").GetProperty("value").GetString());
        var settings = Resource(snapshot, "Microsoft.Web/sites/config").GetProperty("properties");

        Assert.Equal("FULL", configurations["binlog_row_image"]);
        Assert.True(int.Parse(configurations["binlog_expire_logs_seconds"]!, System.Globalization.CultureInfo.InvariantCulture) >= 86400);
        Assert.Equal(configurations["binlog_expire_logs_seconds"], settings.GetProperty(AzureAppSettings.MySqlBinlogExpireSeconds).GetString());
        Assert.Equal(configurations["binlog_row_image"], settings.GetProperty(AzureAppSettings.MySqlBinlogRowImage).GetString());
        Assert.All(Resources(snapshot, "Microsoft.DBforMySQL/flexibleServers"), server => Assert.Equal(FlexibleServerClient.ApiVersion, server.GetProperty("apiVersion").GetString()));
    }

    [Fact]
    public void PrivateAccess_PutsTheServerInTheDelegatedSubnet_AndTellsTheAppTheSame()
    {
        var server = Resource("private-access.snapshot.json", "Microsoft.DBforMySQL/flexibleServers").GetProperty("properties").GetProperty("network");
        var settings = Resource("private-access.snapshot.json", "Microsoft.Web/sites/config").GetProperty("properties");
        var site = Resource("private-access.snapshot.json", "Microsoft.Web/sites").GetProperty("properties");

        Assert.Equal("Disabled", server.GetProperty("publicNetworkAccess").GetString());
        Assert.Equal(server.GetProperty("delegatedSubnetResourceId").GetString(), settings.GetProperty(AzureAppSettings.MySqlDelegatedSubnetId).GetString());
        Assert.Equal(server.GetProperty("privateDnsZoneResourceId").GetString(), settings.GetProperty(AzureAppSettings.MySqlPrivateDnsZoneId).GetString());
        Assert.EndsWith("/subnets/functions", site.GetProperty("virtualNetworkSubnetId").GetString(), StringComparison.Ordinal);
        Assert.Empty(Resources("private-access.snapshot.json", "Microsoft.DBforMySQL/flexibleServers/firewallRules"));
    }

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void EveryModuleWasExpandedInTheSnapshot(string snapshot)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SnapshotPath(snapshot)));

        Assert.Empty(document.RootElement.GetProperty("diagnostics").EnumerateArray());
    }

    private static JsonElement Resource(string snapshot, string type, Func<string, bool>? name = null) =>
        Assert.Single(Resources(snapshot, type), resource => name?.Invoke(resource.GetProperty("name").GetString()!) ?? true);

    private static List<JsonElement> Resources(string snapshot, string type)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SnapshotPath(snapshot)));
        return document.RootElement.GetProperty("predictedResources").EnumerateArray()
            .Where(resource => resource.GetProperty("type").GetString() == type)
            .Select(resource => resource.Clone())
            .ToList();
    }

    private static string SnapshotPath(string snapshot) => Path.Combine(RepositoryRoot(), "infra", "bicep", snapshot);

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
