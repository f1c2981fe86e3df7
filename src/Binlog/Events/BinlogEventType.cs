namespace Serverless.Binlog.Events;

/// <summary>Binlog v4 event type codes (shared reference §4.2), MySQL's and MariaDB's.</summary>
public enum BinlogEventType : byte
{
    /// <summary>Not a real event.</summary>
    Unknown = 0,
    /// <summary>Binlog v3 start; not written by current servers.</summary>
    StartV3 = 1,
    /// <summary>A statement (DDL, BEGIN, COMMIT for non-transactional tables, statement-based DML).</summary>
    Query = 2,
    /// <summary>The server stopped.</summary>
    Stop = 3,
    /// <summary>The binlog continues in another file.</summary>
    Rotate = 4,
    /// <summary>An auto-increment or LAST_INSERT_ID value for the next statement.</summary>
    IntVar = 5,
    /// <summary>RAND() seeds for the next statement.</summary>
    Rand = 13,
    /// <summary>A user variable the next statement reads.</summary>
    UserVar = 14,
    /// <summary>The first event of every binlog file: server version, header lengths, checksum algorithm.</summary>
    FormatDescription = 15,
    /// <summary>An InnoDB (XA-capable) transaction committed.</summary>
    Xid = 16,
    /// <summary>LOAD DATA: a block of the file.</summary>
    BeginLoadQuery = 17,
    /// <summary>LOAD DATA: the statement that loads the blocks.</summary>
    ExecuteLoadQuery = 18,
    /// <summary>Maps a table id to a table and its column types, before row events.</summary>
    TableMap = 19,
    /// <summary>Inserted rows, version 1 (what MariaDB writes).</summary>
    WriteRowsV1 = 23,
    /// <summary>Updated rows (before and after images), version 1.</summary>
    UpdateRowsV1 = 24,
    /// <summary>Deleted rows, version 1.</summary>
    DeleteRowsV1 = 25,
    /// <summary>Something happened that replicas must know about (e.g. a lost event).</summary>
    Incident = 26,
    /// <summary>The server is alive and has nothing to send; carries its current file and position.</summary>
    Heartbeat = 27,
    /// <summary>An event a reader may skip.</summary>
    Ignorable = 28,
    /// <summary>MySQL: the statement text before row events.</summary>
    RowsQuery = 29,
    /// <summary>Inserted rows, version 2 (MySQL 5.6+).</summary>
    WriteRowsV2 = 30,
    /// <summary>Updated rows, version 2.</summary>
    UpdateRowsV2 = 31,
    /// <summary>Deleted rows, version 2.</summary>
    DeleteRowsV2 = 32,
    /// <summary>MySQL: the GTID of the transaction that follows.</summary>
    Gtid = 33,
    /// <summary>MySQL: a transaction without a GTID (GTID mode off).</summary>
    AnonymousGtid = 34,
    /// <summary>MySQL: the GTID set of all files before this one.</summary>
    PreviousGtids = 35,
    /// <summary>MySQL group replication: transaction write set.</summary>
    TransactionContext = 36,
    /// <summary>MySQL group replication: a membership change.</summary>
    ViewChange = 37,
    /// <summary>MySQL: XA PREPARE.</summary>
    XaPrepare = 38,
    /// <summary>MySQL: a partial JSON update.</summary>
    PartialUpdateRows = 39,
    /// <summary>MySQL: a compressed transaction.</summary>
    TransactionPayload = 40,
    /// <summary>MySQL: a heartbeat with a 64-bit position.</summary>
    HeartbeatV2 = 41,
    /// <summary>MySQL 8.3+: a tagged GTID.</summary>
    GtidTagged = 42,
    /// <summary>MariaDB: the statement text before row events.</summary>
    AnnotateRows = 160,
    /// <summary>MariaDB: the oldest binlog file a crash recovery needs.</summary>
    BinlogCheckpoint = 161,
    /// <summary>MariaDB: the GTID of the event group that follows.</summary>
    MariaDbGtid = 162,
    /// <summary>MariaDB: the GTID state, at the start of each file.</summary>
    GtidList = 163,
    /// <summary>MariaDB: the rest of the file is encrypted (sent decrypted over the wire).</summary>
    StartEncryption = 164,
    /// <summary>MariaDB: a compressed query.</summary>
    QueryCompressed = 165,
    /// <summary>MariaDB: compressed inserted rows, version 1.</summary>
    WriteRowsCompressedV1 = 166,
    /// <summary>MariaDB: compressed updated rows, version 1.</summary>
    UpdateRowsCompressedV1 = 167,
    /// <summary>MariaDB: compressed deleted rows, version 1.</summary>
    DeleteRowsCompressedV1 = 168,
    /// <summary>MariaDB: compressed inserted rows, version 2.</summary>
    WriteRowsCompressedV2 = 169,
    /// <summary>MariaDB: compressed updated rows, version 2.</summary>
    UpdateRowsCompressedV2 = 170,
    /// <summary>MariaDB: compressed deleted rows, version 2.</summary>
    DeleteRowsCompressedV2 = 171,
}
