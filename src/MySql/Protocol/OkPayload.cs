namespace Serverless.MySql.Protocol;

/// <summary>
/// OK packet (header 0x00, or 0xFE when it ends a result set under DEPRECATE_EOF), shared reference §2.2.
/// We never request SESSION_TRACK. MySQL then sends the info text as the rest of the packet, while MariaDB
/// sends it length-encoded [L: "Records: 2  Duplicates: 0  Warnings: 0" arrived with a 0x26 prefix].
/// </summary>
internal readonly record struct OkPayload(ulong AffectedRows, ulong LastInsertId, MySqlServerStatus Status, ushort Warnings, string Info)
{
    public const byte Signature = 0x00;
    public const byte EofSignature = 0xFE;

    public static OkPayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var header = reader.ReadByte();
        if (header is not (Signature or EofSignature))
        {
            throw new MySqlProtocolException($"Expected an OK packet, got header 0x{header:X2}.");
        }

        var affected = reader.ReadLengthEncodedInteger();
        var insertId = reader.ReadLengthEncodedInteger();
        var status = (MySqlServerStatus)reader.ReadUInt16();
        var warnings = reader.ReadUInt16();
        var info = reader.HasRemaining ? System.Text.Encoding.UTF8.GetString(ReadInfo(ref reader)) : string.Empty;
        return new OkPayload(affected, insertId, status, warnings, info);
    }

    private static ReadOnlySpan<byte> ReadInfo(ref PayloadReader reader)
    {
        var rest = reader.ReadRest();
        var probe = new PayloadReader(rest);
        if (rest[0] < 0xFB || rest[0] is 0xFC or 0xFD)
        {
            var length = probe.ReadLengthEncodedInteger();
            if (length == (ulong)probe.Remaining)
            {
                return probe.ReadRest();
            }
        }

        return rest;
    }
}
