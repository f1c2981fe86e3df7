using System.Buffers.Binary;
using System.Globalization;
using Serverless.Binlog.Protocol;

namespace Serverless.Binlog.Events;

/// <summary>
/// MySQL GTID (33) or ANONYMOUS_GTID (34): the transaction that follows (shared reference §4.7):
/// <c>int&lt;1&gt; flags</c> · <c>16-byte source UUID</c> · <c>int&lt;8&gt; GNO</c> · <c>int&lt;1&gt; 2</c> ·
/// <c>int&lt;8&gt; last_committed</c> · <c>int&lt;8&gt; sequence_number</c> · <c>7 bytes immediate_commit_ts</c>
/// (bit 55 set: 7 more bytes of original_commit_ts follow) · <c>packed transaction_length</c> ·
/// <c>int&lt;4&gt; immediate_server_version</c> (bit 31 set: <c>int&lt;4&gt; original_server_version</c> follows).
/// Older servers stop early, so every field after the GNO is optional. A MySQL transaction is GTID → Query BEGIN →
/// table maps and rows → XID; a DDL is GTID → Query.
/// </summary>
public sealed class MySqlGtidEvent : BinlogEvent
{
    private const byte LogicalTimestampTypeCode = 2;
    private const ulong TimestampHighBit = 1UL << 55;
    private const uint ServerVersionHighBit = 1U << 31;

    private MySqlGtidEvent(BinlogEventHeader header, ReadOnlyMemory<byte> data)
        : base(header, data)
    {
    }

    /// <summary>True for ANONYMOUS_GTID: the transaction has no GTID (gtid_mode off).</summary>
    public bool IsAnonymous => EventType == BinlogEventType.AnonymousGtid;

    /// <summary>The flags byte (1: the transaction may contain statement-based events).</summary>
    public byte Flags { get; private init; }

    /// <summary>The UUID of the server that first committed the transaction.</summary>
    public Guid SourceId { get; private init; }

    /// <summary>The transaction's number among those of <see cref="SourceId"/> (GNO).</summary>
    public long TransactionNumber { get; private init; }

    /// <summary>The GTID text <c>uuid:number</c>, or null for an anonymous transaction.</summary>
    public string? Gtid => IsAnonymous ? null : string.Create(CultureInfo.InvariantCulture, $"{SourceId:D}:{TransactionNumber}");

    /// <summary>Logical clock: the sequence number of the last transaction this one depends on.</summary>
    public long? LastCommitted { get; private init; }

    /// <summary>Logical clock: this transaction's sequence number in its binlog file.</summary>
    public long? SequenceNumber { get; private init; }

    /// <summary>Commit time on the server that wrote this binlog, in microseconds since the epoch.</summary>
    public long? ImmediateCommitTimestamp { get; private init; }

    /// <summary>Commit time on the original source, in microseconds since the epoch.</summary>
    public long? OriginalCommitTimestamp { get; private init; }

    /// <summary>The transaction's size in bytes, this event included.</summary>
    public ulong? TransactionLength { get; private init; }

    /// <summary>The version of the server that wrote this binlog, e.g. 80036.</summary>
    public uint? ImmediateServerVersion { get; private init; }

    /// <summary>The version of the original source.</summary>
    public uint? OriginalServerVersion { get; private init; }

    internal static MySqlGtidEvent Create(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlySpan<byte> body)
    {
        var reader = new PayloadReader(body);
        var flags = reader.ReadByte();
        var sourceId = new Guid(reader.ReadBytes(16), bigEndian: true);
        var transactionNumber = (long)reader.ReadUInt64();
        long? lastCommitted = null, sequenceNumber = null, immediate = null, original = null;
        ulong? length = null;
        uint? immediateVersion = null, originalVersion = null;
        if (reader.Remaining >= 17 && reader.PeekByte() == LogicalTimestampTypeCode)
        {
            reader.ReadByte();
            lastCommitted = (long)reader.ReadUInt64();
            sequenceNumber = (long)reader.ReadUInt64();
            if (reader.Remaining >= 7)
            {
                var timestamp = ReadUInt56(ref reader);
                if ((timestamp & TimestampHighBit) != 0)
                {
                    immediate = (long)(timestamp & ~TimestampHighBit);
                    original = (long)ReadUInt56(ref reader);
                }
                else
                {
                    immediate = original = (long)timestamp;
                }

                if (reader.HasRemaining)
                {
                    length = reader.ReadLengthEncodedInteger();
                }

                if (reader.Remaining >= 4)
                {
                    var version = reader.ReadUInt32();
                    immediateVersion = version & ~ServerVersionHighBit;
                    originalVersion = (version & ServerVersionHighBit) != 0 && reader.Remaining >= 4 ? reader.ReadUInt32() : immediateVersion;
                }
            }
        }

        return new MySqlGtidEvent(header, data)
        {
            Flags = flags,
            SourceId = sourceId,
            TransactionNumber = transactionNumber,
            LastCommitted = lastCommitted,
            SequenceNumber = sequenceNumber,
            ImmediateCommitTimestamp = immediate,
            OriginalCommitTimestamp = original,
            TransactionLength = length,
            ImmediateServerVersion = immediateVersion,
            OriginalServerVersion = originalVersion,
        };
    }

    private static ulong ReadUInt56(ref PayloadReader reader)
    {
        var bytes = reader.ReadBytes(7);
        Span<byte> padded = stackalloc byte[8];
        bytes.CopyTo(padded);
        padded[7] = 0;
        return BinaryPrimitives.ReadUInt64LittleEndian(padded);
    }
}
