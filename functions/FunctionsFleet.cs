using Azure.Security.KeyVault.Secrets;
using Microsoft.Extensions.Configuration;
using Serverless.Platforms;
using Serverless.Platforms.Azure;
using Serverless.Platforms.Local.Instances;
using Serverless.Platforms.Local.Secrets;

namespace Serverless.Functions;

/// <summary>
/// The fleet the app drives and where its secrets live, chosen by <c>Serverless__Platform</c>: <c>Azure</c> (what
/// infra/bicep sets: Flexible Servers through ARM and Key Vault, with the app's managed identity) or <c>Local</c> (the
/// default: MariaDB processes and files, for a Functions run on a workstation against Azurite). Nothing here calls Azure:
/// clients authenticate on their first request.
/// </summary>
/// <param name="Platform">The database platform.</param>
/// <param name="Secrets">The secret store the platform keeps admin passwords in, which the control plane shares.</param>
internal sealed record FunctionsFleet(IDatabasePlatform Platform, ISecretStore Secrets)
{
    /// <summary>Builds the fleet from the app's settings.</summary>
    /// <exception cref="InvalidOperationException">A setting the chosen platform needs is missing or malformed; the message names it.</exception>
    public static FunctionsFleet Create(IConfiguration configuration, FunctionsSettings settings)
    {
        var platform = configuration["Serverless:Platform"];
        if (string.IsNullOrEmpty(platform) || string.Equals(platform, "Local", StringComparison.OrdinalIgnoreCase))
        {
            var local = new LocalSecretStore(Path.Combine(settings.LocalPlatformRoot, "secrets"));
            return new FunctionsFleet(new LocalDatabasePlatform(new LocalDatabasePlatformOptions { StateRoot = settings.LocalPlatformRoot }, local), local);
        }

        if (!string.Equals(platform, "Azure", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{AzureAppSettings.Platform} is '{platform}'; it must be Local or Azure.");
        }

        var credential = AzureCredentials.Create(configuration["Serverless:Azure:ManagedIdentityClientId"]);
        var secrets = new KeyVaultSecretStore(new SecretClient(RequiredUri(configuration, AzureAppSettings.KeyVaultUri), credential));
        var client = new FlexibleServerClient(credential, new FlexibleServerClientOptions
        {
            SubscriptionId = Required(configuration, AzureAppSettings.MySqlSubscriptionId),
            ResourceGroup = Required(configuration, AzureAppSettings.MySqlResourceGroup),
            ResourceManagerEndpoint = Optional(configuration, AzureAppSettings.ResourceManagerEndpoint) is null
                ? FlexibleServerClientOptions.PublicCloudEndpoint
                : RequiredUri(configuration, AzureAppSettings.ResourceManagerEndpoint),
        });
        var subnet = Optional(configuration, AzureAppSettings.MySqlDelegatedSubnetId);
        var dnsZone = Optional(configuration, AzureAppSettings.MySqlPrivateDnsZoneId);
        var options = new AzureDatabasePlatformOptions
        {
            Location = Required(configuration, AzureAppSettings.MySqlLocation),
            Version = Required(configuration, AzureAppSettings.MySqlVersion),
            AdministratorLogin = Required(configuration, AzureAppSettings.MySqlAdministratorLogin),
            BinlogExpireSeconds = Optional(configuration, AzureAppSettings.MySqlBinlogExpireSeconds) is { } seconds
                ? int.TryParse(seconds, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed > 0
                    ? parsed
                    : throw new InvalidOperationException($"{AzureAppSettings.MySqlBinlogExpireSeconds} is '{seconds}'; it must be a positive number of seconds.")
                : null,
            BinlogRowImage = Optional(configuration, AzureAppSettings.MySqlBinlogRowImage),
            PrivateNetwork = (subnet, dnsZone) switch
            {
                (null, null) => null,
                ({ } s, { } z) => new FlexibleServerNetwork(s, z),
                _ => throw new InvalidOperationException(
                    $"Private access needs both {AzureAppSettings.MySqlDelegatedSubnetId} and {AzureAppSettings.MySqlPrivateDnsZoneId}, or neither for public access."),
            },
        };
        return new FunctionsFleet(new AzureDatabasePlatform(client, secrets, options), secrets);
    }

    // App settings are named with "__" (environment variables); configuration keys use ":".
    private static string? Optional(IConfiguration configuration, string setting) =>
        configuration[setting.Replace("__", ":", StringComparison.Ordinal)] is { Length: > 0 } value ? value : null;

    private static string Required(IConfiguration configuration, string setting) =>
        Optional(configuration, setting) ?? throw new InvalidOperationException($"The app setting {setting} is missing; infra/bicep sets it (see docs/deploy-azure.md).");

    private static Uri RequiredUri(IConfiguration configuration, string setting) =>
        Uri.TryCreate(Required(configuration, setting), UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? uri
            : throw new InvalidOperationException($"The app setting {setting} is not an absolute https address.");
}
