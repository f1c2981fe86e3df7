namespace Serverless.Orchestrations;

/// <summary>Where the control plane keeps its state: the storage account and the containers of the catalog and of backups.</summary>
public sealed record ControlPlaneOptions
{
    /// <summary>Gets the storage account, as a connection string (Azurite's locally; the Functions app's <c>AzureWebJobsStorage</c> in Azure).</summary>
    public required string StorageConnectionString { get; init; }

    /// <summary>Gets the container holding the catalog's documents.</summary>
    public string CatalogContainer { get; init; } = "catalog";

    /// <summary>Gets the container holding backup artifacts.</summary>
    public string BackupsContainer { get; init; } = "backups";
}
