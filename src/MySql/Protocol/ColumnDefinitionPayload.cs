namespace Serverless.MySql.Protocol;

/// <summary>ColumnDefinition41 (shared reference §2.2). MariaDB extended type info is not requested, so the layout is the MySQL one.</summary>
internal static class ColumnDefinitionPayload
{
    public static MySqlColumn Create(ReadOnlySpan<byte> payload, int ordinal)
    {
        var reader = new PayloadReader(payload);
        reader.ReadLengthEncodedBytes(); // catalog, always "def"
        var schema = reader.ReadLengthEncodedString();
        var table = reader.ReadLengthEncodedString();
        var originalTable = reader.ReadLengthEncodedString();
        var name = reader.ReadLengthEncodedString();
        var originalName = reader.ReadLengthEncodedString();
        reader.ReadLengthEncodedInteger(); // length of the fixed fields, 0x0C
        var collation = reader.ReadUInt16();
        var length = reader.ReadUInt32();
        var type = (MySqlColumnType)reader.ReadByte();
        var flags = (MySqlColumnFlags)reader.ReadUInt16();
        var decimals = reader.ReadByte();
        return new MySqlColumn(ordinal, name, originalName, table, originalTable, schema, type, flags, collation, length, decimals);
    }
}
