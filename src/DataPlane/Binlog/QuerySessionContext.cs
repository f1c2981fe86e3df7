using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Serverless.DataPlane.Binlog;

/// <summary>
/// The session settings a query event carries in its status variables (shared reference §4.4), as the statements
/// that set them up again on the applying session, and the encoding its statement text is in.
/// </summary>
internal sealed record QuerySessionContext(string SetStatement, Encoding StatementEncoding)
{
    private const uint NoForeignKeyChecks = 0x04000000;
    private const uint RelaxedUniqueChecks = 0x08000000;
    private const uint AutoIsNull = 0x00004000;

    /// <summary>Reads the status variables; parsing stops at a code it does not know (its length is unknown), keeping what came before.</summary>
    public static QuerySessionContext Parse(ReadOnlySpan<byte> status, uint timestamp)
    {
        var settings = new List<string> { string.Create(CultureInfo.InvariantCulture, $"@@session.timestamp = {timestamp}") };
        var encoding = Encoding.UTF8;
        var offset = 0;
        while (offset < status.Length)
        {
            var code = status[offset++];
            var rest = status[offset..];
            int length;
            switch (code)
            {
                case 0: // FLAGS2
                    var flags = BinaryPrimitives.ReadUInt32LittleEndian(rest);
                    settings.Add($"@@session.foreign_key_checks = {((flags & NoForeignKeyChecks) != 0 ? 0 : 1)}");
                    settings.Add($"@@session.unique_checks = {((flags & RelaxedUniqueChecks) != 0 ? 0 : 1)}");
                    settings.Add($"@@session.sql_auto_is_null = {((flags & AutoIsNull) != 0 ? 1 : 0)}");
                    length = 4;
                    break;
                case 1: // SQL_MODE
                    settings.Add(string.Create(CultureInfo.InvariantCulture, $"@@session.sql_mode = {BinaryPrimitives.ReadUInt64LittleEndian(rest)}"));
                    length = 8;
                    break;
                case 2: // CATALOG (old form, NUL-terminated)
                    length = 1 + rest[0] + 1;
                    break;
                case 3: // AUTO_INCREMENT increment and offset
                    settings.Add(string.Create(CultureInfo.InvariantCulture, $"@@session.auto_increment_increment = {BinaryPrimitives.ReadUInt16LittleEndian(rest)}"));
                    settings.Add(string.Create(CultureInfo.InvariantCulture, $"@@session.auto_increment_offset = {BinaryPrimitives.ReadUInt16LittleEndian(rest[2..])}"));
                    length = 4;
                    break;
                case 4: // CHARSET: client, connection collation, server collation
                    var client = BinaryPrimitives.ReadUInt16LittleEndian(rest);
                    encoding = EncodingOf(client);
                    settings.Add(string.Create(CultureInfo.InvariantCulture, $"@@session.collation_connection = {BinaryPrimitives.ReadUInt16LittleEndian(rest[2..])}"));
                    settings.Add(string.Create(CultureInfo.InvariantCulture, $"@@session.collation_server = {BinaryPrimitives.ReadUInt16LittleEndian(rest[4..])}"));
                    length = 6;
                    break;
                case 5: // TIME_ZONE
                    var zone = Encoding.ASCII.GetString(rest.Slice(1, rest[0]));
                    settings.Add($"@@session.time_zone = '{zone.Replace("'", "''", StringComparison.Ordinal)}'");
                    length = 1 + rest[0];
                    break;
                case 6: // CATALOG_NZ
                    length = 1 + rest[0];
                    break;
                case 7: // LC_TIME_NAMES
                    settings.Add(string.Create(CultureInfo.InvariantCulture, $"@@session.lc_time_names = {BinaryPrimitives.ReadUInt16LittleEndian(rest)}"));
                    length = 2;
                    break;
                case 8: // CHARSET_DATABASE
                    settings.Add(string.Create(CultureInfo.InvariantCulture, $"@@session.collation_database = {BinaryPrimitives.ReadUInt16LittleEndian(rest)}"));
                    length = 2;
                    break;
                case 9: // TABLE_MAP_FOR_UPDATE
                    length = 8;
                    break;
                case 10: // MASTER_DATA_WRITTEN
                    length = 4;
                    break;
                case 11: // INVOKER: user, host
                    var userLength = rest[0];
                    length = 1 + userLength + 1 + rest[1 + userLength];
                    break;
                case 12: // UPDATED_DB_NAMES
                    length = UpdatedDatabasesLength(rest);
                    break;
                case 13: // MICROSECONDS
                case 128: // MariaDB HRNOW
                    length = 3;
                    break;
                case 129: // MariaDB XID
                    length = 8;
                    break;
                default:
                    return new QuerySessionContext("SET " + string.Join(", ", settings), encoding);
            }

            offset += length;
        }

        return new QuerySessionContext("SET " + string.Join(", ", settings), encoding);
    }

    private static int UpdatedDatabasesLength(ReadOnlySpan<byte> rest)
    {
        const byte OverMaxDatabases = 254;
        var count = rest[0];
        var length = 1;
        if (count == OverMaxDatabases)
        {
            return length;
        }

        for (var i = 0; i < count; i++)
        {
            length += rest[length..].IndexOf((byte)0) + 1;
        }

        return length;
    }

    // The statement's bytes are in the source session's character_set_client; the applying session talks utf8mb4,
    // so the text is decoded here and the server converts it as the source's did. latin1 is the other common one.
    private static Encoding EncodingOf(ushort collation) => collation switch
    {
        5 or 8 or 15 or 31 or 47 or 48 or 49 or 94 => Encoding.Latin1,
        _ => Encoding.UTF8,
    };
}
