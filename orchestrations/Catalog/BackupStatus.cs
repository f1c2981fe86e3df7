namespace Serverless.Orchestrations.Catalog;

/// <summary>The Trove backup status vocabulary.</summary>
public static class BackupStatus
{
    /// <summary>The backup was accepted and has not started yet.</summary>
    public const string New = "NEW";

    /// <summary>The snapshot is being taken.</summary>
    public const string Building = "BUILDING";

    /// <summary>The backup is complete and can be restored.</summary>
    public const string Completed = "COMPLETED";

    /// <summary>The backup failed; see <see cref="BackupView.Fault"/>. It cannot be restored.</summary>
    public const string Failed = "FAILED";

    /// <summary>Deleting the backup failed; see <see cref="BackupView.Fault"/>. Deleting it again may succeed.</summary>
    public const string DeleteFailed = "DELETE_FAILED";
}
