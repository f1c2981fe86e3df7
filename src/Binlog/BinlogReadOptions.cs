namespace Serverless.Binlog;

/// <summary>How a <see cref="BinlogClient"/> dump behaves once started.</summary>
public sealed record BinlogReadOptions
{
    /// <summary>
    /// End the read when the server has sent everything it has (COM_BINLOG_DUMP's non-blocking flag), instead of
    /// waiting for new events. Incremental backups use this to capture up to "now".
    /// </summary>
    public bool StopAtEnd { get; init; }

    /// <summary>
    /// MariaDB: include ANNOTATE_ROWS events (the statement text before row events). Left out by the server otherwise.
    /// </summary>
    public bool IncludeAnnotateRows { get; init; } = true;
}
