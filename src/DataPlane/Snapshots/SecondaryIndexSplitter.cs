namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// Splits a <c>SHOW CREATE TABLE</c> statement into the table without its plain secondary indexes and one
/// <c>ALTER TABLE ... ADD KEY ..., ADD UNIQUE KEY ...</c> that adds them after the rows are loaded (InnoDB
/// builds an index from sorted rows much faster than it maintains it row by row).
/// </summary>
/// <remarks>
/// <c>SHOW CREATE TABLE</c> prints one definition per line, which is what this relies on. Indexes stay in
/// the table when deferring them could change behaviour or fail: tables with foreign keys (which need their
/// indexes), tables whose AUTO_INCREMENT column does not lead the primary key (it needs a key of its own),
/// and FULLTEXT or SPATIAL indexes (created one at a time by InnoDB anyway).
/// </remarks>
internal static class SecondaryIndexSplitter
{
    public static (string CreateWithoutIndexes, string? AddIndexes) Split(string qualifiedTable, string createSql)
    {
        var lines = createSql.Split('\n');
        if (lines.Length < 3 || createSql.Contains("FOREIGN KEY", StringComparison.Ordinal))
        {
            return (createSql, null);
        }

        var close = Array.FindLastIndex(lines, l => l.StartsWith(')'));
        if (close < 2)
        {
            return (createSql, null);
        }

        var definitions = lines[1..close];
        var autoIncrement = definitions.FirstOrDefault(l => l.StartsWith("  `", StringComparison.Ordinal) && l.Contains(" AUTO_INCREMENT", StringComparison.Ordinal));
        if (autoIncrement is not null)
        {
            var column = autoIncrement[2..(autoIncrement.IndexOf("` ", 3, StringComparison.Ordinal) + 1)];
            if (!definitions.Any(l => l.StartsWith($"  PRIMARY KEY ({column}", StringComparison.Ordinal)))
            {
                return (createSql, null);
            }
        }

        static bool IsDeferrable(string line) =>
            line.StartsWith("  KEY `", StringComparison.Ordinal) || line.StartsWith("  UNIQUE KEY `", StringComparison.Ordinal);

        var deferred = definitions.Where(IsDeferrable).Select(l => "ADD " + WithoutSeparator(l.Trim())).ToList();
        if (deferred.Count == 0)
        {
            return (createSql, null);
        }

        var kept = definitions.Where(l => !IsDeferrable(l)).Select(WithoutSeparator);
        var create = lines[0] + "\n" + string.Join(",\n", kept) + "\n" + string.Join("\n", lines[close..]);
        return (create, $"ALTER TABLE {qualifiedTable} {string.Join(", ", deferred)}");
    }

    /// <summary>Drops the one comma that separates definitions (a trailing comma may also end a quoted default).</summary>
    private static string WithoutSeparator(string line) => line.EndsWith(',') ? line[..^1] : line;
}
