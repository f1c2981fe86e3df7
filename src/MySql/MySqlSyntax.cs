using System.Text;

namespace Serverless.MySql;

/// <summary>
/// Quoting for SQL text built on the client. String escaping follows the session's mode
/// (shared reference §2.4): by default backslash escapes; under <c>NO_BACKSLASH_ESCAPES</c> only the quote is doubled.
/// Escaping assumes an ASCII-compatible client character set (this client always uses utf8mb4).
/// </summary>
public static class MySqlSyntax
{
    /// <summary>Quotes an identifier (database, table, column, user name part) with backticks, doubling any backtick inside.</summary>
    /// <exception cref="ArgumentException">The name is empty or contains a NUL character, which MySQL identifiers cannot hold.</exception>
    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{name.Replace("\0", "\\0", StringComparison.Ordinal)}' is not a valid MySQL identifier: it must be non-empty and contain no NUL character.", nameof(name));
        }

        return "`" + name.Replace("`", "``", StringComparison.Ordinal) + "`";
    }

    /// <summary>Quotes a string literal for a session with or without <c>NO_BACKSLASH_ESCAPES</c>.</summary>
    public static string QuoteString(string value, bool noBackslashEscapes)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8).Append('\'');
        foreach (var c in value)
        {
            if (noBackslashEscapes)
            {
                builder.Append(c == '\'' ? "''" : c.ToString());
                continue;
            }

            builder.Append(c switch
            {
                '\\' => "\\\\",
                '\'' => "\\'",
                '"' => "\\\"",
                '\0' => "\\0",
                '\n' => "\\n",
                '\r' => "\\r",
                '\x1a' => "\\Z",
                _ => c.ToString(),
            });
        }

        return builder.Append('\'').ToString();
    }
}
