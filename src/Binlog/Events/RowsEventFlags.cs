namespace Serverless.Binlog.Events;

/// <summary>The flags of a rows event (shared reference §4.5).</summary>
[Flags]
public enum RowsEventFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>The last rows event of its statement: the table maps before it can be forgotten.</summary>
    StatementEnd = 0x1,
    /// <summary>Foreign key checks were off.</summary>
    NoForeignKeyChecks = 0x2,
    /// <summary>Unique checks were relaxed.</summary>
    RelaxedUniqueChecks = 0x4,
    /// <summary>The images hold every column.</summary>
    CompleteRows = 0x8,
}
