namespace Serverless.Orchestrations.Catalog;

/// <summary>The kinds of backup (<see cref="BackupView.Kind"/>).</summary>
public static class BackupKind
{
    /// <summary>A consistent snapshot of every database: restorable on its own.</summary>
    public const string Full = "full";

    /// <summary>The binlog since its parent's end: restored on top of its chain's full backup and the segments between.</summary>
    public const string Incremental = "incremental";
}
