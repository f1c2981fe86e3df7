using System.Buffers.Binary;
using Serverless.Binlog.Events;
using Serverless.Binlog.Protocol;
using Serverless.Binlog.Rows;
using Xunit;

namespace Serverless.Binlog.Tests.Events;

/// <summary>
/// MySQL 8 specifics that no server here can produce (shared reference §3.4, §4.5, §4.7), on events and commands
/// constructed from the documented layouts. Values come from a MySQL 8.0.36 binlog as mysqlbinlog printed it:
/// GTID 88ebc247-06ef-11ef-97ee-0242ac130004:1 at 157, end_log_pos 234, last_committed=0, sequence_number=1,
/// commit timestamps 1714534357425326, transaction_length=217.
/// </summary>
public sealed class MySqlEventTests
{
    private const string SourceUuid = "88ebc247-06ef-11ef-97ee-0242ac130004";

    [Fact]
    public void GtidEvent_OfMySql8036_HasTheDocumentedSizeAndFields()
    {
        var body = new List<byte> { 0x00 }; // flags: no statement-based events
        body.AddRange(EventBytes.Hex("88 eb c2 47 06 ef 11 ef 97 ee 02 42 ac 13 00 04"));
        body.AddRange(Le(1L));
        body.Add(2); // logical timestamp type code
        body.AddRange(Le(0L));
        body.AddRange(Le(1L));
        body.AddRange(Le(1714534357425326L)[..7]); // immediate commit time; bit 55 clear: same as the original
        body.Add(217); // transaction length, packed
        body.AddRange(Le32(80036)); // immediate server version; bit 31 clear: same as the original
        var data = EventBytes.Build(BinlogEventType.Gtid, body.ToArray(), nextPosition: 234);
        var parser = new BinlogEventParser();
        parser.Parse(EventBytes.MySql8FormatDescription());

        var gtid = Assert.IsType<MySqlGtidEvent>(parser.Parse(data));

        Assert.Equal(234 - 157, data.Length);
        Assert.False(gtid.IsAnonymous);
        Assert.Equal($"{SourceUuid}:1", gtid.Gtid);
        Assert.Equal(Guid.Parse(SourceUuid), gtid.SourceId);
        Assert.Equal(0, gtid.LastCommitted);
        Assert.Equal(1, gtid.SequenceNumber);
        Assert.Equal(1714534357425326L, gtid.ImmediateCommitTimestamp);
        Assert.Equal(1714534357425326L, gtid.OriginalCommitTimestamp);
        Assert.Equal(217UL, gtid.TransactionLength);
        Assert.Equal(80036U, gtid.ImmediateServerVersion);
        Assert.Equal(80036U, gtid.OriginalServerVersion);
    }

    [Fact]
    public void GtidEvent_WithAnOriginalCommitTimeAndVersion_ReadsBoth()
    {
        var body = new List<byte> { 0x01 };
        body.AddRange(new byte[16]);
        body.AddRange(Le(0L));
        body.Add(2);
        body.AddRange(Le(5L));
        body.AddRange(Le(6L));
        body.AddRange(Le(1714534357425326L | (1L << 55))[..7]);
        body.AddRange(Le(1714534350000000L)[..7]);
        body.AddRange([0xFC, 0x10, 0x27]); // 10000, packed in three bytes
        body.AddRange(Le32(80036 | (1u << 31)));
        body.AddRange(Le32(80032));
        var parser = new BinlogEventParser(BinlogChecksumAlgorithm.Crc32);

        var gtid = Assert.IsType<MySqlGtidEvent>(parser.Parse(EventBytes.Build(BinlogEventType.AnonymousGtid, body.ToArray())));

        Assert.True(gtid.IsAnonymous);
        Assert.Null(gtid.Gtid);
        Assert.Equal(1714534357425326L, gtid.ImmediateCommitTimestamp);
        Assert.Equal(1714534350000000L, gtid.OriginalCommitTimestamp);
        Assert.Equal(10000UL, gtid.TransactionLength);
        Assert.Equal(80036U, gtid.ImmediateServerVersion);
        Assert.Equal(80032U, gtid.OriginalServerVersion);
    }

    [Fact]
    public void GtidSet_Encoding_FollowsTheDumpGtidLayout_AndRoundTrips()
    {
        var set = MySqlGtidSet.Parse($"{SourceUuid.ToUpperInvariant()}:1-5:7,3e11fa47-71ca-11e1-9e33-c80aa9429562:1-3");
        var encoded = new byte[set.EncodedLength];
        set.Encode(encoded);

        Assert.Equal($"3e11fa47-71ca-11e1-9e33-c80aa9429562:1-3,{SourceUuid}:1-5:7", set.ToString());
        Assert.Equal(
            EventBytes.Hex(
                "02 00 00 00 00 00 00 00" +
                "3e 11 fa 47 71 ca 11 e1 9e 33 c8 0a a9 42 95 62  01 00 00 00 00 00 00 00  01 00 00 00 00 00 00 00  04 00 00 00 00 00 00 00" +
                "88 eb c2 47 06 ef 11 ef 97 ee 02 42 ac 13 00 04  02 00 00 00 00 00 00 00  01 00 00 00 00 00 00 00  06 00 00 00 00 00 00 00" +
                "07 00 00 00 00 00 00 00  08 00 00 00 00 00 00 00"),
            encoded);
        Assert.Equal(set.ToString(), MySqlGtidSet.Decode(encoded).ToString());
    }

    [Theory]
    [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562")]
    [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:5-1")]
    [InlineData("3e11fa47-71ca-11e1-9e33-c80aa9429562:tag:1-3")]
    [InlineData("not-a-uuid:1-3")]
    public void GtidSet_RefusesWhatItCannotEncode(string text) =>
        Assert.Throws<FormatException>(() => MySqlGtidSet.Parse(text));

    [Fact]
    public void DumpGtidCommand_IsLaidOutAsDocumented()
    {
        var set = MySqlGtidSet.Parse($"{SourceUuid}:1-100");
        using var writer = new PayloadWriter();

        BinlogDumpGtidPayload.Write(writer, BinlogDumpGtidPayload.ThroughGtidFlag | BinlogDumpGtidPayload.NonBlockFlag, 4242, set);

        Assert.Equal(
            EventBytes.Hex(
                "1e 05 00 92 10 00 00 00 00 00 00 04 00 00 00 00 00 00 00 30 00 00 00" +
                "01 00 00 00 00 00 00 00 88 eb c2 47 06 ef 11 ef 97 ee 02 42 ac 13 00 04 01 00 00 00 00 00 00 00" +
                "01 00 00 00 00 00 00 00 65 00 00 00 00 00 00 00"),
            writer.Payload.ToArray());
    }

    [Fact]
    public void PreviousGtids_DecodesTheSetOfEarlierFiles()
    {
        var set = MySqlGtidSet.Parse($"{SourceUuid}:1-57");
        var body = new byte[set.EncodedLength];
        set.Encode(body);
        var parser = new BinlogEventParser();
        parser.Parse(EventBytes.MySql8FormatDescription());

        var previous = Assert.IsType<PreviousGtidsEvent>(parser.Parse(EventBytes.Build(BinlogEventType.PreviousGtids, body)));

        Assert.Equal($"{SourceUuid}:1-57", previous.Gtids.ToString());
    }

    [Fact]
    public void RowsV2_WithExtraData_AreParsedAndDecodedWithTheTableMap()
    {
        var parser = new BinlogEventParser();
        parser.Parse(EventBytes.MySql8FormatDescription());
        // TABLE_MAP: id 91, flags 1, `shop`.`orders`, 3 columns LONGLONG, VARCHAR(40 chars * 4 bytes), DATETIME2(3); metadata A0 00 | 03; nullable 0b110.
        var tableMap = EventBytes.Hex("5b 00 00 00 00 00 01 00 04 73 68 6f 70 00 06 6f 72 64 65 72 73 00 03 08 0f 12 03 a0 00 03 06");
        var map = Assert.IsType<TableMapEvent>(parser.Parse(EventBytes.Build(BinlogEventType.TableMap, tableMap)));
        // UPDATE_ROWS v2: id 91, STMT_END, extra_len 5 (itself + a 3-byte extra), 3 columns, both bitmaps full;
        // before (7, 'ab', NULL) and after (7, 'abc', 2024-02-29 13:14:15.123).
        var rows = EventBytes.Hex(
            "5b 00 00 00 00 00 01 00 05 00 01 02 03 03 07 07" +
            "04 07 00 00 00 00 00 00 00 02 61 62" +
            "00 07 00 00 00 00 00 00 00 03 61 62 63 99 b2 ba d3 8f 04 ce");

        var update = Assert.IsType<RowsEvent>(parser.Parse(EventBytes.Build(BinlogEventType.UpdateRowsV2, rows)));

        Assert.Equal(RowsEventKind.Update, update.Kind);
        Assert.Equal(2, update.Version);
        Assert.Equal(91UL, update.TableId);
        Assert.Equal(RowsEventFlags.StatementEnd, update.Flags);
        Assert.Equal(new byte[] { 0x01, 0x02, 0x03 }, update.ExtraData.ToArray());
        Assert.True(parser.TryGetTableMap(91, out var known));
        Assert.Same(map, known);
        Assert.Equal("orders", map.TableName);
        Assert.False(map.IsNullable(0));
        Assert.True(map.IsNullable(2));
        var change = Assert.Single(update.GetRows(map));
        Assert.Equal(new object?[] { 7L, "ab"u8.ToArray(), null }, change.Before!.Values);
        Assert.Equal(new object?[] { 7L, "abc"u8.ToArray(), "2024-02-29 13:14:15.123" }, change.After!.Values);
    }

    [Fact]
    public void HeartbeatV2_ReadsFileNameAndPositionFields()
    {
        // 1 = file name, 2 = packed position (0x00_01_86_A0 = 100000 as FD + 3 bytes), 0 = end.
        var body = EventBytes.Hex("01 0d 62 69 6e 6c 6f 67 2e 30 30 30 30 30 37 02 04 fd a0 86 01 00");
        var parser = new BinlogEventParser(BinlogChecksumAlgorithm.Crc32);

        var heartbeat = Assert.IsType<HeartbeatEvent>(parser.Parse(EventBytes.Build(BinlogEventType.HeartbeatV2, body, flags: 0x20)));

        Assert.Equal("binlog.000007", heartbeat.FileName);
        Assert.Equal(100000UL, heartbeat.Position);
    }

    [Fact]
    public void ChecksumMismatch_IsReportedWithBothValues()
    {
        var data = EventBytes.Build(BinlogEventType.Xid, Le(77L));
        data[20] ^= 0x40;
        var parser = new BinlogEventParser();
        parser.Parse(EventBytes.MySql8FormatDescription());

        var error = Assert.Throws<BinlogChecksumException>(() => parser.Parse(data, 1234));

        Assert.Contains("offset 1234", error.Message, StringComparison.Ordinal);
        Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(data.Length - 4)), error.Expected);
    }

    [Fact]
    public void EventsWithoutChecksums_AreReadWhenTheFormatDescriptionSaysNone()
    {
        var format = EventBytes.MySql8FormatDescription();
        format[^5] = 0; // checksum algorithm NONE; the format description keeps its own CRC field
        var parser = new BinlogEventParser();
        parser.Parse(format);

        var xid = Assert.IsType<XidEvent>(parser.Parse(EventBytes.Build(BinlogEventType.Xid, Le(77L), checksum: false)));

        Assert.Equal(77UL, xid.Xid);
    }

    private static byte[] Le(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] Le32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}
