using System.Buffers.Binary;
using Serverless.Binlog.Events;
using Serverless.Binlog.Tests.Events;
using Serverless.DataPlane.Binlog;
using Xunit;

namespace Serverless.DataPlane.Tests.Binlog;

/// <summary>
/// MySQL 8 events a segment cannot hold are refused by name, with what to change; MariaDB's pass. The events are
/// built from the documented layouts with the values of a MySQL 8.0.36 binlog (no MySQL server runs here), then read
/// by the same parser the capture uses, after the MySQL 8.0.36 format description.
/// </summary>
public sealed class SegmentEventSupportTests
{
    [Fact]
    public void CompressedTransactionPayload_IsRefused_NamingTheSetting()
    {
        // TRANSACTION_PAYLOAD: type-length-value header fields (2 = compression type, 1 = ZSTD; 3 = uncompressed size;
        // 1 = payload size), the end marker 0, then the ZSTD frame (its magic number, 28 B5 2F FD, starts it).
        byte[] frame = [0x28, 0xB5, 0x2F, 0xFD, 0x20, 0x05, 0x29, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05];
        byte[] body = [0x02, 0x01, 0x01, 0x03, 0x01, 0xD9, 0x01, 0x01, (byte)frame.Length, 0x00, .. frame];

        var refusal = SegmentEventSupport.Refusal(Parse(BinlogEventType.TransactionPayload, body));

        Assert.NotNull(refusal);
        Assert.Contains("TRANSACTION_PAYLOAD", refusal, StringComparison.Ordinal);
        Assert.Contains("binlog_transaction_compression = OFF", refusal, StringComparison.Ordinal);
        Assert.Contains("take a full backup", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void PartialJsonUpdate_IsRefused_NamingTheSetting()
    {
        // PARTIAL_UPDATE_ROWS: table id 6 bytes, flags, extra-data length 2, one column, the before/after bitmaps and
        // a row whose JSON column carries a partial (diff) value.
        byte[] body = [0x6C, 0, 0, 0, 0, 0, 0x01, 0x00, 0x02, 0x00, 0x01, 0xFF, 0xFF, 0xFE, 0x05, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05];

        var refusal = SegmentEventSupport.Refusal(Parse(BinlogEventType.PartialUpdateRows, body));

        Assert.NotNull(refusal);
        Assert.Contains("PARTIAL_UPDATE_ROWS", refusal, StringComparison.Ordinal);
        Assert.Contains("binlog_row_value_options", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void MySqlGtidEvent_WithTheFieldsOfMySql8_IsRefused_AsAMySqlSource()
    {
        // GTID 88ebc247-06ef-11ef-97ee-0242ac130004:1, last_committed 0, sequence_number 1, commit time
        // 1714534357425326, transaction_length 217, server version 80036 (the 8.0 fields after the GTID).
        var body = new List<byte> { 0x00 };
        body.AddRange(EventBytes.Hex("88 eb c2 47 06 ef 11 ef 97 ee 02 42 ac 13 00 04"));
        body.AddRange(Le(1L));
        body.Add(2);
        body.AddRange(Le(0L));
        body.AddRange(Le(1L));
        body.AddRange(Le(1714534357425326L)[..7]);
        body.Add(217);
        var version = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(version, 80036);
        body.AddRange(version);

        var parsed = Parse(BinlogEventType.Gtid, [.. body]);
        var refusal = SegmentEventSupport.Refusal(parsed);

        Assert.IsType<MySqlGtidEvent>(parsed);
        Assert.NotNull(refusal);
        Assert.Contains("MySQL GTID event (Gtid)", refusal, StringComparison.Ordinal);
        Assert.Contains("take full backups", refusal, StringComparison.Ordinal);
        Assert.Contains("MySQL GTID event (AnonymousGtid)", SegmentEventSupport.Refusal(Parse(BinlogEventType.AnonymousGtid, [.. body])), StringComparison.Ordinal);
    }

    [Fact]
    public void EventsOfBothServers_ThatASegmentReplays_Pass()
    {
        // XID 42 and a query event (thread 1, 0 s, no database, error 0, no status variables, "BEGIN").
        byte[] query = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .. "BEGIN"u8];

        Assert.Null(SegmentEventSupport.Refusal(Parse(BinlogEventType.Xid, Le(42L))));
        var begin = Assert.IsType<QueryEvent>(Parse(BinlogEventType.Query, query));
        Assert.Equal("BEGIN", begin.Statement);
        Assert.Null(SegmentEventSupport.Refusal(begin));
    }

    private static BinlogEvent Parse(BinlogEventType type, byte[] body)
    {
        var parser = new BinlogEventParser();
        parser.Parse(EventBytes.MySql8FormatDescription());
        return parser.Parse(EventBytes.Build(type, body));
    }

    private static byte[] Le(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }
}
