using Microsoft.Extensions.Logging;
using Serverless.Durable;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>
/// Registers the backup orchestrations (<c>Backup</c>, <c>DeleteBackup</c>) and their activities, including the
/// load step that <c>CreateInstance</c> runs when it restores a backup. Register them next to
/// <see cref="InstanceOrchestrations.Register"/>, over the same catalog; the payloads are in
/// <see cref="InstanceOrchestrations.TypeInfoResolver"/>.
/// </summary>
/// <example>
/// <code>
/// var registry = new DurableTaskRegistry(InstanceOrchestrations.TypeInfoResolver);
/// InstanceOrchestrations.Register(registry, platform, secrets, catalogStore);
/// BackupOrchestrations.Register(registry, platform, secrets, catalogStore, new ArtifactStore(backupsContainer));
/// await using var engine = new DurableEngine(durableStore, registry);
/// var backups = new BackupService(catalogStore, engine.Client);
/// </code>
/// </example>
public static class BackupOrchestrations
{
    /// <summary>The name of the orchestration taking a backup; its instance id is <c>backup-{backupId}</c>.</summary>
    public const string Backup = "Backup";

    /// <summary>The name of the orchestration deleting a backup; its instance id is <c>delete-backup-{backupId}-{suffix}</c>, the suffix fresh per request.</summary>
    public const string DeleteBackup = "DeleteBackup";

    /// <summary>Registers the orchestrations and activities.</summary>
    /// <param name="registry">The registry, created with <see cref="InstanceOrchestrations.TypeInfoResolver"/>.</param>
    /// <param name="platform">Where the servers are; backups and restores connect to them as admin.</param>
    /// <param name="secrets">Where the servers' admin passwords are (the store the platform writes them to).</param>
    /// <param name="catalog">The catalog's document store (the one <see cref="BackupService"/> uses).</param>
    /// <param name="artifacts">Where backup artifacts are kept (container <c>backups</c>).</param>
    /// <param name="timeProvider">The clock for catalog timestamps; the system clock when null.</param>
    /// <param name="loggerFactory">Logs of the snapshot dumper and loader; none when null.</param>
    public static void Register(
        DurableTaskRegistry registry,
        IDatabasePlatform platform,
        ISecretStore secrets,
        IDocumentStore catalog,
        ArtifactStore artifacts,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(artifacts);
        var activities = new BackupActivities(platform, secrets, catalog, artifacts, timeProvider ?? TimeProvider.System, loggerFactory);
        registry
            .AddOrchestrator<BackupOrchestrator>(Backup)
            .AddOrchestrator<DeleteBackupOrchestrator>(DeleteBackup)
            .AddActivity<BackupInput, BackupResult>(BackupActivities.DumpSnapshot, (_, input, ct) => activities.DumpSnapshotAsync(input, ct))
            .AddActivity<LoadSnapshotInput, bool>(BackupActivities.LoadSnapshot, (_, input, ct) => activities.LoadSnapshotAsync(input, ct))
            .AddActivity<BackupUpdate, bool>(BackupActivities.UpdateBackup, (_, update, ct) => activities.UpdateBackupAsync(update, ct))
            .AddActivity<DeleteBackupInput, bool>(BackupActivities.DeleteArtifacts, (_, input, ct) => activities.DeleteArtifactsAsync(input, ct))
            .AddActivity<DeleteBackupInput, bool>(BackupActivities.RemoveBackup, (_, input, ct) => activities.RemoveBackupAsync(input, ct));
    }
}
