using System.Buffers.Binary;

namespace Serverless.Binlog.Events;

/// <summary>
/// MariaDB GTID (162): starts an event group (shared reference §4.6): <c>int&lt;8&gt; seq_no</c> · <c>int&lt;4&gt;
/// domain_id</c> · <c>int&lt;1&gt; flags2</c> · then <c>int&lt;8&gt; commit_id</c> when flags2 has 0x02. The server id
/// of the GTID is the header's. MariaDB writes no BEGIN: a non-standalone group ends with XID or a COMMIT query.
/// </summary>
public sealed class MariaDbGtidEvent : BinlogEvent
{
    /// <summary>flags2: no COMMIT follows (DDL).</summary>
    public const byte StandaloneFlag = 0x01;

    /// <summary>flags2: a group commit id follows.</summary>
    public const byte GroupCommitIdFlag = 0x02;

    /// <summary>flags2: the group is transactional (InnoDB).</summary>
    public const byte TransactionalFlag = 0x04;

    /// <summary>flags2: the group is DDL.</summary>
    public const byte DdlFlag = 0x20;

    private MariaDbGtidEvent(BinlogEventHeader header, ReadOnlyMemory<byte> data, MariaDbGtid gtid, byte flags, ulong? commitId)
        : base(header, data)
    {
        Gtid = gtid;
        Flags = flags;
        CommitId = commitId;
    }

    /// <summary>The group's GTID (domain, the header's server id, sequence number).</summary>
    public MariaDbGtid Gtid { get; }

    /// <summary>The raw flags2 byte (0x01 standalone, 0x02 group commit id, 0x04 transactional, 0x20 DDL…).</summary>
    public byte Flags { get; }

    /// <summary>The group commit id, when the group was committed together with others.</summary>
    public ulong? CommitId { get; }

    /// <summary>No COMMIT or XID ends this group: it is one statement (DDL).</summary>
    public bool IsStandalone => (Flags & StandaloneFlag) != 0;

    internal static MariaDbGtidEvent Create(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlySpan<byte> body)
    {
        if (body.Length < 13)
        {
            throw new BinlogProtocolException($"A MariaDB GTID event body of {body.Length} bytes is too short.");
        }

        var sequence = BinaryPrimitives.ReadUInt64LittleEndian(body);
        var domain = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
        var flags = body[12];
        ulong? commitId = (flags & GroupCommitIdFlag) != 0 && body.Length >= 21 ? BinaryPrimitives.ReadUInt64LittleEndian(body[13..]) : null;
        return new MariaDbGtidEvent(header, data, new MariaDbGtid(domain, header.ServerId, sequence), flags, commitId);
    }
}
