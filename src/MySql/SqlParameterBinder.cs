using System.Globalization;
using System.Text;
using Serverless.MySql.Protocol;

namespace Serverless.MySql;

/// <summary>
/// Client-side parameter binding: replaces each <c>?</c> outside literals, quoted identifiers and comments with
/// the escaped literal of the matching value, writing the statement's bytes straight into the command payload.
/// Strings are UTF-8; byte arrays are sent as <c>_binary'…'</c> with the same escaping, so no value can end its literal.
/// </summary>
internal static class SqlParameterBinder
{
    public static void Write(PayloadWriter writer, string sql, IReadOnlyList<object?> parameters, bool noBackslashEscapes)
    {
        var next = 0;
        var segmentStart = 0;
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            switch (c)
            {
                case '\'' or '"' or '`':
                    i = SkipQuoted(sql, i, c, noBackslashEscapes && c != '`');
                    continue;
                case '#':
                    i = SkipToLineEnd(sql, i);
                    continue;
                case '-' when i + 2 < sql.Length && sql[i + 1] == '-' && char.IsWhiteSpace(sql[i + 2]):
                    i = SkipToLineEnd(sql, i);
                    continue;
                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                    var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = end < 0 ? sql.Length : end + 2;
                    continue;
                case '?':
                    if (next >= parameters.Count)
                    {
                        throw new ArgumentException($"The statement has more '?' placeholders than the {parameters.Count} parameter(s) given.", nameof(parameters));
                    }

                    writer.WriteUtf8(sql.AsSpan(segmentStart, i - segmentStart));
                    WriteValue(writer, parameters[next++], noBackslashEscapes);
                    segmentStart = i + 1;
                    break;
            }

            i++;
        }

        if (next != parameters.Count)
        {
            throw new ArgumentException($"The statement has {next} '?' placeholder(s) but {parameters.Count} parameter(s) were given.", nameof(parameters));
        }

        writer.WriteUtf8(sql.AsSpan(segmentStart));
    }

    public static void WriteValue(PayloadWriter writer, object? value, bool noBackslashEscapes)
    {
        switch (value)
        {
            case null or DBNull:
                writer.WriteUtf8("NULL");
                break;
            case string text:
                WriteStringLiteral(writer, Encoding.UTF8.GetBytes(text), noBackslashEscapes);
                break;
            case char character:
                WriteStringLiteral(writer, Encoding.UTF8.GetBytes(character.ToString()), noBackslashEscapes);
                break;
            case byte[] bytes:
                WriteBinaryLiteral(writer, bytes, noBackslashEscapes);
                break;
            case ReadOnlyMemory<byte> memory:
                WriteBinaryLiteral(writer, memory.Span, noBackslashEscapes);
                break;
            case Memory<byte> memory:
                WriteBinaryLiteral(writer, memory.Span, noBackslashEscapes);
                break;
            case ArraySegment<byte> segment:
                WriteBinaryLiteral(writer, segment.AsSpan(), noBackslashEscapes);
                break;
            case bool flag:
                writer.WriteUtf8(flag ? "TRUE" : "FALSE");
                break;
            case Enum enumValue:
                WriteValue(writer, Convert.ChangeType(enumValue, enumValue.GetTypeCode(), CultureInfo.InvariantCulture), noBackslashEscapes);
                break;
            case double number when !double.IsFinite(number):
            case float single when !float.IsFinite(single):
                throw new ArgumentException($"MySQL cannot store the floating-point value {value}.");
            case double number:
                writer.WriteUtf8(number.ToString("R", CultureInfo.InvariantCulture));
                break;
            case float single:
                writer.WriteUtf8(single.ToString("R", CultureInfo.InvariantCulture));
                break;
            case DateTime dateTime:
                WriteQuotedAscii(writer, dateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset offset:
                WriteQuotedAscii(writer, offset.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                break;
            case DateOnly date:
                WriteQuotedAscii(writer, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case TimeOnly time:
                WriteQuotedAscii(writer, time.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                break;
            case TimeSpan span:
                WriteQuotedAscii(writer, FormatTime(span));
                break;
            case Guid guid:
                WriteQuotedAscii(writer, guid.ToString("D"));
                break;
            case IUtf8SpanFormattable formattable and (sbyte or byte or short or ushort or int or uint or long or ulong or decimal):
                var destination = writer.GetSpan(64);
                if (!formattable.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture))
                {
                    throw new InvalidOperationException("A number did not fit in 64 bytes.");
                }

                writer.Advance(written);
                break;
            default:
                throw new ArgumentException($"Parameters of type {value.GetType().Name} are not supported; pass a string, number, bool, byte array, date/time or Guid.");
        }
    }

    /// <summary>Writes <c>'…'</c> with the bytes escaped for the session's mode. Escaping byte-wise is safe for UTF-8: every escaped byte is ASCII.</summary>
    public static void WriteStringLiteral(PayloadWriter writer, ReadOnlySpan<byte> bytes, bool noBackslashEscapes)
    {
        var output = writer.GetSpan(bytes.Length * 2 + 2);
        var n = 0;
        output[n++] = (byte)'\'';
        foreach (var b in bytes)
        {
            if (noBackslashEscapes)
            {
                if (b == '\'')
                {
                    output[n++] = (byte)'\'';
                }

                output[n++] = b;
                continue;
            }

            byte escaped = b switch
            {
                (byte)'\\' => (byte)'\\',
                (byte)'\'' => (byte)'\'',
                (byte)'"' => (byte)'"',
                0 => (byte)'0',
                (byte)'\n' => (byte)'n',
                (byte)'\r' => (byte)'r',
                0x1A => (byte)'Z',
                _ => 0,
            };
            if (escaped != 0)
            {
                output[n++] = (byte)'\\';
                output[n++] = escaped;
            }
            else
            {
                output[n++] = b;
            }
        }

        output[n++] = (byte)'\'';
        writer.Advance(n);
    }

    private static void WriteBinaryLiteral(PayloadWriter writer, ReadOnlySpan<byte> bytes, bool noBackslashEscapes)
    {
        writer.WriteUtf8("_binary");
        WriteStringLiteral(writer, bytes, noBackslashEscapes);
    }

    private static void WriteQuotedAscii(PayloadWriter writer, string text)
    {
        writer.WriteByte((byte)'\'');
        writer.WriteUtf8(text);
        writer.WriteByte((byte)'\'');
    }

    private static string FormatTime(TimeSpan span)
    {
        var sign = span < TimeSpan.Zero ? "-" : string.Empty;
        var magnitude = span.Duration();
        var hours = (long)magnitude.TotalHours;
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{hours:00}:{magnitude.Minutes:00}:{magnitude.Seconds:00}.{magnitude.Ticks % TimeSpan.TicksPerSecond / 10:000000}");
    }

    private static int SkipQuoted(string sql, int start, char quote, bool noBackslashEscapes)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\\' && quote != '`' && !noBackslashEscapes)
            {
                i += 2;
                continue;
            }

            if (c == quote)
            {
                // A doubled quote stays inside the literal.
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return sql.Length;
    }

    private static int SkipToLineEnd(string sql, int start)
    {
        var end = sql.IndexOf('\n', start);
        return end < 0 ? sql.Length : end + 1;
    }
}
