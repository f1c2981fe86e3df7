namespace Serverless.MySql;

/// <summary>One column of a result set, as described by the server's column definition.</summary>
/// <param name="Ordinal">Zero-based position in the row.</param>
/// <param name="Name">The column's name or alias in the result.</param>
/// <param name="OriginalName">The underlying column name, empty for expressions.</param>
/// <param name="Table">The table alias.</param>
/// <param name="OriginalTable">The underlying table, empty for expressions.</param>
/// <param name="Schema">The database of the underlying table.</param>
/// <param name="Type">The wire type.</param>
/// <param name="Flags">Column flags (unsigned, binary, not null…).</param>
/// <param name="CollationId">The collation of the values as sent; 63 means binary.</param>
/// <param name="Length">The maximum display length.</param>
/// <param name="Decimals">The number of decimals.</param>
public sealed record MySqlColumn(
    int Ordinal,
    string Name,
    string OriginalName,
    string Table,
    string OriginalTable,
    string Schema,
    MySqlColumnType Type,
    MySqlColumnFlags Flags,
    ushort CollationId,
    uint Length,
    byte Decimals)
{
    /// <summary>The collation id meaning "binary": values are raw bytes, not text.</summary>
    public const ushort BinaryCollationId = 63;

    public bool IsUnsigned => (Flags & MySqlColumnFlags.Unsigned) != 0;

    /// <summary>Values of this column are raw bytes (BLOB, BINARY, VARBINARY, BIT, GEOMETRY), not text.</summary>
    public bool IsBinary => CollationId == BinaryCollationId && Type is not (
        MySqlColumnType.Decimal or MySqlColumnType.NewDecimal or MySqlColumnType.Tiny or MySqlColumnType.Short or
        MySqlColumnType.Long or MySqlColumnType.LongLong or MySqlColumnType.Int24 or MySqlColumnType.Float or
        MySqlColumnType.Double or MySqlColumnType.Year or MySqlColumnType.Date or MySqlColumnType.Time or
        MySqlColumnType.DateTime or MySqlColumnType.Timestamp or MySqlColumnType.Null);
}
