using MySqlConnector;

namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// Quoting for the SQL a dump or load builds from names it read. String literals use backslash escapes, which the
/// dump and load sessions allow (their sql_mode never includes <c>NO_BACKSLASH_ESCAPES</c>).
/// </summary>
internal static class SqlText
{
    /// <summary>Quotes an identifier with backticks, doubling any backtick inside.</summary>
    /// <exception cref="ArgumentException">The name is empty or holds a NUL character, which no identifier can.</exception>
    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a valid MySQL identifier: it must be non-empty and contain no NUL character.", nameof(name));
        }

        return "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    /// <summary>The server's own databases, and where loads record their progress: never dumped, restored or dropped.</summary>
    public static readonly string[] SystemDatabases = ["mysql", "sys", "information_schema", "performance_schema", SnapshotLoadProgress.Database];

    /// <summary><see cref="SystemDatabases"/> as the list of an SQL <c>IN (…)</c>.</summary>
    public static string SystemSchemaList => string.Join(", ", SystemDatabases.Select(d => $"'{d}'"));

    /// <summary>
    /// Escapes the wildcards of a LIKE pattern and of a database-level GRANT (<c>%</c>, <c>_</c> and the escape
    /// character itself), so that the pattern names exactly <paramref name="text"/>.
    /// </summary>
    public static string EscapeWildcards(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    /// <summary>Quotes a string literal for a session without <c>NO_BACKSLASH_ESCAPES</c>.</summary>
    public static string QuoteString(string value) => "'" + MySqlHelper.EscapeString(value) + "'";
}
