using System.Globalization;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Backups;

/// <summary>Checks, before anything is created, that an instance can be restored from a backup.</summary>
internal static class RestoreValidation
{
    /// <summary>Room a restore needs beyond the backup's data, in percent: indexes rebuilt, logs, a little growth.</summary>
    public const int HeadroomPercent = 10;

    public const double BytesPerGigabyte = 1024d * 1024 * 1024;

    /// <summary>Reads the backup a restore names.</summary>
    /// <exception cref="CatalogNotFoundException">The project has no such backup (or it is being deleted).</exception>
    /// <exception cref="CatalogConflictException">The backup is not <c>COMPLETED</c>.</exception>
    public static async Task<BackupView> GetRestorableAsync(IDocumentStore catalog, string projectId, string backupId, CancellationToken cancellationToken)
    {
        var backup = await BackupCatalog.ReadAsync(catalog, projectId, backupId, cancellationToken).ConfigureAwait(false);
        if (backup.Status != BackupStatus.Completed)
        {
            throw new CatalogConflictException(
                $"Backup {backupId} is not COMPLETED (status was {backup.Status}): only a completed backup can be restored; wait for it to complete or choose another.");
        }

        return backup;
    }

    /// <summary>Throws unless the backup's data, with headroom, fits the requested volume.</summary>
    /// <exception cref="CatalogValidationException">The volume is too small; the message says what size is needed.</exception>
    public static void EnsureSameDatastore(BackupView backup, string datastore, string version)
    {
        // A logical dump may use syntax or system tables an older or different server lacks: restore like for like.
        if (datastore != backup.Datastore || version != backup.DatastoreVersion)
        {
            throw new CatalogValidationException(
                $"Backup {backup.Id} was taken from {backup.Datastore} {backup.DatastoreVersion} and can only be restored to that datastore and version, not {datastore} {version}: "
                + "leave the datastore out of the request or name the backup's.");
        }
    }

    public static void EnsureFits(BackupView backup, int volumeGigabytes)
    {
        var needed = RequiredVolumeGigabytes(backup.DataBytes ?? 0);
        if (needed > volumeGigabytes)
        {
            var dataGigabytes = (backup.DataBytes ?? 0) / BytesPerGigabyte;
            throw new CatalogValidationException(string.Create(
                CultureInfo.InvariantCulture,
                $"Backup {backup.Id} holds {dataGigabytes:0.##} GB of data and needs a volume of at least {needed} GB, but the requested volume is {volumeGigabytes} GB: request a volume of {needed} GB or more."));
        }
    }

    /// <summary>Whole GB for <paramref name="dataBytes"/> plus headroom; at least 1.</summary>
    public static long RequiredVolumeGigabytes(long dataBytes)
    {
        // Integer arithmetic: 10 GB of data needs exactly 11 GB, not 12 from a rounding error.
        const long PercentOfGigabyte = 100L << 30;
        var needed = ((Math.Max(0, dataBytes) * (100 + HeadroomPercent)) + PercentOfGigabyte - 1) / PercentOfGigabyte;
        return Math.Max(1, needed);
    }
}
