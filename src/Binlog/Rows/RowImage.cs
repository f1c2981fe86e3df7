namespace Serverless.Binlog.Rows;

/// <summary>
/// One row image of a rows event: a value per column of the table (null for SQL NULL and for columns the image does
/// not hold). Values are <see cref="long"/> for integers (as signed; the binlog does not say whether a column is
/// unsigned), <see cref="ulong"/> for BIT and SET, <see cref="int"/> for an ENUM index, <see cref="float"/> and
/// <see cref="double"/>, <see cref="string"/> for DECIMAL and the temporal types (MySQL's text form), and
/// <see cref="byte"/> arrays for strings, BLOBs, JSON and GEOMETRY (in the column's character set).
/// </summary>
public sealed class RowImage
{
    private readonly object?[] _values;
    private readonly bool[] _present;

    internal RowImage(object?[] values, bool[] present)
    {
        _values = values;
        _present = present;
    }

    /// <summary>The number of columns of the table.</summary>
    public int ColumnCount => _values.Length;

    /// <summary>Each column's value; null for NULL or an absent column.</summary>
    public IReadOnlyList<object?> Values => _values;

    /// <summary>Whether the image holds column <paramref name="index"/> (minimal row images leave columns out).</summary>
    /// <param name="index">Zero-based column index.</param>
    /// <returns>True when the column is present.</returns>
    public bool IsPresent(int index) => _present[index];
}
