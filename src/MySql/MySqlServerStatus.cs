namespace Serverless.MySql;

/// <summary>Server status bits carried by every OK and EOF packet (shared reference §2.2).</summary>
[Flags]
public enum MySqlServerStatus : ushort
{
    None = 0,
    InTransaction = 0x1,
    Autocommit = 0x2,
    MoreResultsExist = 0x8,
    NoGoodIndexUsed = 0x10,
    NoIndexUsed = 0x20,
    CursorExists = 0x40,
    LastRowSent = 0x80,
    DatabaseDropped = 0x100,
    /// <summary>The session runs with <c>NO_BACKSLASH_ESCAPES</c>: string literals only double quotes.</summary>
    NoBackslashEscapes = 0x200,
    MetadataChanged = 0x400,
    QueryWasSlow = 0x800,
    PreparedStatementOutParams = 0x1000,
    InReadOnlyTransaction = 0x2000,
    SessionStateChanged = 0x4000,
}
