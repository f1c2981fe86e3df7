using Serverless.Orchestrations.ArtifactKeys;
using Serverless.Storage.Accounts;

namespace Serverless.Orchestrations;

/// <summary>Where the control plane keeps its state: the storage account and the containers of the catalog and of backups.</summary>
public sealed record ControlPlaneOptions
{
    /// <summary>
    /// Gets the storage account: a connection string (Azurite locally) or the Blob endpoint with a managed identity
    /// (the Functions app's identity-based <c>AzureWebJobsStorage__*</c> settings in Azure).
    /// </summary>
    public required StorageAccountOptions Storage { get; init; }

    /// <summary>Gets the container holding the catalog's documents.</summary>
    public string CatalogContainer { get; init; } = "catalog";

    /// <summary>Gets the container holding backup artifacts.</summary>
    public string BackupsContainer { get; init; } = "backups";

    /// <summary>
    /// Gets the artifact key every new backup artifact is encrypted with (<c>k1</c>, generated into the secret store at
    /// first start, unless set otherwise); the keys themselves live in the host's <c>ISecretStore</c>.
    /// </summary>
    public ArtifactKeyOptions ArtifactKeys { get; init; } = new();

    /// <summary>
    /// Gets the raw binlog bytes after which an incremental backup's artifact is closed (at the next transaction
    /// boundary): what a capture holds in memory, and at most what an interrupted capture reads again when it resumes.
    /// </summary>
    public int SegmentArtifactBytes { get; init; } = Serverless.DataPlane.Binlog.SegmentCaptureOptions.DefaultArtifactBytes;
}
