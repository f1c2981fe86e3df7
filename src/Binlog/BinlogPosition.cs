using System.Globalization;

namespace Serverless.Binlog;

/// <summary>A place in the source's binlog: a file and the offset of an event boundary in it.</summary>
/// <param name="FileName">The binlog file, e.g. <c>mariadb-bin.000003</c>.</param>
/// <param name="Position">The offset in the file.</param>
public readonly record struct BinlogPosition(string FileName, long Position)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{FileName}:{Position}");
}
