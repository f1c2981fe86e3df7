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

    /// <summary>
    /// Gets whether new full backups are dumped in resumable steps (each chunk in a snapshot of its own, plus a catch-up
    /// binlog replayed at restore; docs/backup-format.md, "Resumable full backups") instead of in one snapshot by one step.
    /// </summary>
    public bool ResumableBackups { get; init; }

    /// <summary>
    /// Gets how long one step of a resumable full backup reads chunks before it records them and returns, so that the
    /// next step continues: below the host's limit on one activity (a Functions Consumption plan stops one at 10 minutes).
    /// </summary>
    public TimeSpan DumpStepBudget { get; init; } = TimeSpan.FromMinutes(4);
}
