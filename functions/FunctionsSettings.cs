using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;
using Serverless.Orchestrations;
using Serverless.Orchestrations.ArtifactKeys;
using Serverless.Storage.Accounts;

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
        var section = configuration.GetSection("Serverless");
        var defaults = new ControlPlaneOptions { Storage = ReadStorage(configuration) };
        var tokens = section.GetSection("Api:ProjectTokens").GetChildren()
            .Where(token => !string.IsNullOrEmpty(token.Value))
            .ToDictionary(token => token.Key, token => token.Value!, StringComparer.Ordinal);
        return new FunctionsSettings(
            defaults with
            {
                CatalogContainer = section["Storage:CatalogContainer"] ?? defaults.CatalogContainer,
                BackupsContainer = section["Storage:BackupsContainer"] ?? defaults.BackupsContainer,
                ArtifactKeys = ReadArtifactKeys(section),
                SegmentArtifactBytes = PositiveSetting(section, "Backups:SegmentArtifactBytes") is { } bytes
                    ? (int)Math.Min(bytes, int.MaxValue)
                    : defaults.SegmentArtifactBytes,
                ResumableBackups = PositiveSetting(section, "Backups:ResumableStepSeconds") is not null,
                DumpStepBudget = PositiveSetting(section, "Backups:ResumableStepSeconds") is { } seconds
                    ? TimeSpan.FromSeconds(seconds)
                    : defaults.DumpStepBudget,
            },
            tokens,
            section["LocalPlatformRoot"] is { Length: > 0 } root ? root : Path.Combine(Path.GetTempPath(), "serverless-functions-platform"));
    }

    /// <summary>
    /// A whole positive number under <c>Serverless__{name}</c> (':' in configuration keys): <c>Backups__ResumableStepSeconds</c>
    /// makes full backups resumable in steps of that many seconds (keep it well below the plan's limit on one activity);
    /// <c>Backups__SegmentArtifactBytes</c> sets the raw binlog bytes per incremental backup artifact. Null when unset.
    /// </summary>
    /// <exception cref="InvalidOperationException">The value is not a whole positive number.</exception>
    internal static long? PositiveSetting(IConfigurationSection section, string name) =>
        section[name] is not { Length: > 0 } text
            ? null
            : long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0
                ? value
                : throw new InvalidOperationException($"Serverless__{name.Replace(":", "__", StringComparison.Ordinal)} must be a whole positive number; it is '{text}'.");

    /// <summary>
    /// The artifact key: its id from <c>Serverless__Artifacts__CurrentKeyId</c> (<c>k1</c> when unset), its material in the
    /// secret store. On the Azure platform the deployment writes the key into Key Vault and the app never generates one
    /// (see <see cref="ArtifactKeyOptions.CreateMissingCurrentKey"/>); on the local platform it is generated at first start.
    /// </summary>
    /// <exception cref="InvalidOperationException">The key id is not valid.</exception>
    internal static ArtifactKeyOptions ReadArtifactKeys(IConfigurationSection section)
    {
        var onAzure = string.Equals(section["Platform"], "Azure", StringComparison.OrdinalIgnoreCase);
        try
        {
            return section["Artifacts:CurrentKeyId"] is { Length: > 0 } keyId
                ? new ArtifactKeyOptions { CurrentKeyId = keyId, CreateMissingCurrentKey = !onAzure }
                : new ArtifactKeyOptions { CreateMissingCurrentKey = !onAzure };
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException($"{Platforms.Azure.AzureAppSettings.ArtifactCurrentKeyId}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The control plane's storage account: <c>Serverless__Storage__ConnectionString</c> or
    /// <c>Serverless__Storage__BlobServiceUri</c> with the identity <c>Serverless__Azure__ManagedIdentityClientId</c>
    /// (what infra/bicep sets); without either, the Functions host's own account, <c>AzureWebJobsStorage</c> as a
    /// connection string (Azurite on a workstation) or its identity-based <c>AzureWebJobsStorage__blobServiceUri</c>
    /// and <c>AzureWebJobsStorage__clientId</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No storage account is configured.</exception>
    internal static StorageAccountOptions ReadStorage(IConfiguration configuration)
    {
        var own = configuration.GetSection("Serverless:Storage");
        var host = configuration.GetSection("AzureWebJobsStorage");
        var identity = configuration["Serverless:Azure:ManagedIdentityClientId"];
        var storage = (own["ConnectionString"], own["BlobServiceUri"], host.Value, host["blobServiceUri"]) switch
        {
            ({ Length: > 0 } connection, _, _, _) => new StorageAccountOptions { ConnectionString = connection },
            (_, { Length: > 0 } endpoint, _, _) => new StorageAccountOptions { BlobServiceUri = ParseUri(endpoint), ManagedIdentityClientId = Blank(identity) },
            (_, _, { Length: > 0 } connection, _) => new StorageAccountOptions { ConnectionString = connection },
            (_, _, _, { Length: > 0 } endpoint) => new StorageAccountOptions { BlobServiceUri = ParseUri(endpoint), ManagedIdentityClientId = Blank(host["clientId"]) },
            _ => throw new InvalidOperationException(
                "No storage account is configured: set Serverless__Storage__BlobServiceUri (Azure, with Serverless__Azure__ManagedIdentityClientId) "
                + "or AzureWebJobsStorage (UseDevelopmentStorage=true for Azurite)."),
        };
        storage.Validate();
        return storage;

        static Uri ParseUri(string value) => Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"The storage endpoint '{value}' is not an absolute address.");

        static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
    }

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
