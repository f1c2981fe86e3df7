using Serverless.Binlog.Events;

namespace Serverless.DataPlane.Binlog;

/// <summary>
/// Which source events a segment can hold and replay (docs/backup-format.md, "Sources we cannot capture"). A MariaDB
/// binlog is captured and replayed through BINLOG statements; events only MySQL writes are refused by name, with what
/// to change, rather than stored and then skipped or misapplied: a segment that silently lost a transaction would
/// restore wrong data without a sign.
/// </summary>
internal static class SegmentEventSupport
{
    /// <summary>Why <paramref name="binlogEvent"/> cannot be captured and replayed; null when it can.</summary>
    public static string? Refusal(BinlogEvent binlogEvent)
    {
        ArgumentNullException.ThrowIfNull(binlogEvent);
        return binlogEvent.EventType switch
        {
            BinlogEventType.TransactionPayload =>
                "The source wrote a compressed transaction (TRANSACTION_PAYLOAD event: MySQL 8's binlog_transaction_compression is ON). Incremental backups cannot replay compressed MySQL transactions; set binlog_transaction_compression = OFF on the source and take a full backup to start a new chain.",
            BinlogEventType.PartialUpdateRows =>
                "The source wrote a partial JSON update (PARTIAL_UPDATE_ROWS event: MySQL 8's binlog_row_value_options = PARTIAL_JSON). Incremental backups replay full row images only; set binlog_row_value_options = '' on the source and take a full backup to start a new chain.",
            BinlogEventType.Gtid or BinlogEventType.AnonymousGtid or BinlogEventType.GtidTagged or BinlogEventType.PreviousGtids =>
                $"The source wrote a MySQL GTID event ({binlogEvent.EventType}): it is a MySQL server. Incremental backups capture MariaDB binlogs only (their chain coordinates are MariaDB GTID positions); take full backups of this instance.",
            BinlogEventType.TransactionContext or BinlogEventType.ViewChange =>
                $"The source wrote a MySQL group replication event ({binlogEvent.EventType}): incremental backups capture MariaDB binlogs only; take full backups of this instance.",
            BinlogEventType.XaPrepare =>
                "The source wrote a MySQL XA_PREPARE event: incremental backups capture MariaDB binlogs only; take full backups of this instance.",
            _ => null,
        };
    }
}
