namespace Serverless.Platforms.Azure;

/// <summary>
/// The names of the app settings infra/bicep writes for the Function App: the control plane's own settings (section
/// <c>Serverless</c>; <c>__</c> is the configuration path separator in environment variables) and the Functions host's.
/// docs/deploy-azure.md says where each value comes from; a test checks the compiled template sets every one of them.
/// </summary>
public static class AzureAppSettings
{
    /// <summary>Which platform the control plane runs on: <c>Azure</c>.</summary>
    public const string Platform = "Serverless__Platform";

    /// <summary>Client id of the user-assigned managed identity every Azure client authenticates with.</summary>
    public const string ManagedIdentityClientId = "Serverless__Azure__ManagedIdentityClientId";

    /// <summary>The Resource Manager endpoint of the cloud (<c>https://management.azure.com/</c> in the public cloud).</summary>
    public const string ResourceManagerEndpoint = "Serverless__Azure__ResourceManagerEndpoint";

    /// <summary>The Blob service endpoint of the storage account (catalog and backups).</summary>
    public const string BlobServiceUri = "Serverless__Storage__BlobServiceUri";

    /// <summary>The container of the catalog documents (<c>catalog</c>).</summary>
    public const string CatalogContainer = "Serverless__Storage__CatalogContainer";

    /// <summary>The container of the backup artifacts (<c>backups</c>).</summary>
    public const string BackupsContainer = "Serverless__Storage__BackupsContainer";

    /// <summary>The Key Vault URI of the secret store (server admin passwords, users' passwords, artifact keys by id).</summary>
    public const string KeyVaultUri = "Serverless__Secrets__KeyVaultUri";

    /// <summary>
    /// The id of the key new artifacts are encrypted with. The key itself is not a setting: the app reads it from the
    /// secret store (secret id <c>artifact-key-{id}</c>, which the deployment writes into Key Vault), as it reads the older
    /// keys that earlier backups name.
    /// </summary>
    public const string ArtifactCurrentKeyId = "Serverless__Artifacts__CurrentKeyId";

    /// <summary>Prefix of the API token settings: <c>Serverless__Api__ProjectTokens__{project}</c> (Key Vault references).</summary>
    public const string ApiProjectTokenPrefix = "Serverless__Api__ProjectTokens__";

    /// <summary>Subscription of the MySQL servers the control plane manages.</summary>
    public const string MySqlSubscriptionId = "Serverless__Azure__MySql__SubscriptionId";

    /// <summary>Resource group of the MySQL servers.</summary>
    public const string MySqlResourceGroup = "Serverless__Azure__MySql__ResourceGroup";

    /// <summary>Region new servers are created in.</summary>
    public const string MySqlLocation = "Serverless__Azure__MySql__Location";

    /// <summary>MySQL version of new servers.</summary>
    public const string MySqlVersion = "Serverless__Azure__MySql__Version";

    /// <summary>Administrator login of new servers (their passwords are generated and kept in Key Vault).</summary>
    public const string MySqlAdministratorLogin = "Serverless__Azure__MySql__AdministratorLogin";

    /// <summary><c>binlog_expire_logs_seconds</c> of new servers.</summary>
    public const string MySqlBinlogExpireSeconds = "Serverless__Azure__MySql__BinlogExpireSeconds";

    /// <summary><c>binlog_row_image</c> of new servers.</summary>
    public const string MySqlBinlogRowImage = "Serverless__Azure__MySql__BinlogRowImage";

    /// <summary>Delegated subnet of new servers (private access); empty for public access.</summary>
    public const string MySqlDelegatedSubnetId = "Serverless__Azure__MySql__DelegatedSubnetId";

    /// <summary>Private DNS zone of new servers (private access); empty for public access.</summary>
    public const string MySqlPrivateDnsZoneId = "Serverless__Azure__MySql__PrivateDnsZoneId";

    /// <summary>The Durable task hub's name; host.json reads it as <c>"hubName": "%DurableTaskHubName%"</c>.</summary>
    public const string DurableTaskHubName = "DurableTaskHubName";

    /// <summary>The Functions host storage settings (identity-based connection <c>AzureWebJobsStorage</c>), also used by the Durable Azure Storage provider.</summary>
    public static IReadOnlyList<string> HostStorage { get; } =
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
    ];

    /// <summary>Application Insights: connection string and Entra ID authentication of the ingestion.</summary>
    public static IReadOnlyList<string> Monitoring { get; } =
    [
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];
}
