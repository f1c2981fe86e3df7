using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;
using Serverless.Orchestrations;
using Serverless.Platforms;
using Serverless.Platforms.Local.Instances;
using Serverless.Platforms.Local.Secrets;

namespace Serverless.Functions;

/// <summary>
/// The app's own settings (app settings in Azure, <c>local.settings.json</c> for a Functions run on a workstation):
/// the storage account from <c>AzureWebJobsStorage</c>, <c>Serverless__*</c> for the rest. Secrets (the API tokens)
/// are app settings or Key Vault references, never files in the repository.
/// </summary>
internal sealed record FunctionsSettings(ControlPlaneOptions ControlPlane, IReadOnlyDictionary<string, string> ProjectTokens, string LocalPlatformRoot)
{
    /// <summary>
    /// The worker's serializer options: <see cref="Orchestrations.ControlPlane.PayloadSerializerOptions"/> first, so
    /// payloads serialize exactly as on the local runtime, then reflection for the Functions host's own binding types.
    /// </summary>
    public static JsonSerializerOptions SerializerOptions { get; } = CreateSerializerOptions();

    /// <summary>Reads the settings; throws with the name of what is missing.</summary>
    public static FunctionsSettings Read(IConfiguration configuration)
    {
        var storage = configuration["AzureWebJobsStorage"] is { Length: > 0 } connection
            ? connection
            : throw new InvalidOperationException("AzureWebJobsStorage is not set: give the storage account's connection string (UseDevelopmentStorage=true for Azurite).");
        var section = configuration.GetSection("Serverless");
        var defaults = new ControlPlaneOptions { StorageConnectionString = storage };
        var tokens = section.GetSection("ProjectTokens").GetChildren()
            .Where(token => !string.IsNullOrEmpty(token.Value))
            .ToDictionary(token => token.Key, token => token.Value!, StringComparer.Ordinal);
        return new FunctionsSettings(
            defaults with
            {
                CatalogContainer = section["CatalogContainer"] ?? defaults.CatalogContainer,
                BackupsContainer = section["BackupsContainer"] ?? defaults.BackupsContainer,
            },
            tokens,
            section["LocalPlatformRoot"] is { Length: > 0 } root ? root : Path.Combine(Path.GetTempPath(), "serverless-functions-platform"));
    }

    /// <summary>
    /// The fleet. Until the Azure platform (MySQL Flexible Server through ARM) lands, the app drives local MariaDB
    /// servers, which is what a Functions run on a workstation against Azurite needs.
    /// </summary>
    public IDatabasePlatform CreatePlatform() =>
        new LocalDatabasePlatform(new LocalDatabasePlatformOptions { StateRoot = LocalPlatformRoot }, CreateSecretStore());

    /// <summary>Where instance passwords are kept, next to the local fleet.</summary>
    public LocalSecretStore CreateSecretStore() => new LocalSecretStore(Path.Combine(LocalPlatformRoot, "secrets"));

    private static JsonSerializerOptions CreateSerializerOptions()
    {
        var options = new JsonSerializerOptions(Orchestrations.ControlPlane.PayloadSerializerOptions)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(Orchestrations.ControlPlane.PayloadSerializerOptions.TypeInfoResolver, new DefaultJsonTypeInfoResolver()),
        };
        options.MakeReadOnly();
        return options;
    }
}
