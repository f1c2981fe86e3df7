using System.Text;
using Serverless.Binlog.Protocol;

namespace Serverless.Binlog.Events;

/// <summary>
/// HEARTBEAT (27) or MySQL's HEARTBEAT_V2 (41): the server is alive and has sent everything up to
/// <see cref="Position"/> of <see cref="FileName"/> (shared reference §3.5). Heartbeats are in no file.
/// </summary>
public sealed class HeartbeatEvent : BinlogEvent
{
    private const byte V2EndMarker = 0;
    private const byte V2FileName = 1;
    private const byte V2Position = 2;

    private HeartbeatEvent(BinlogEventHeader header, ReadOnlyMemory<byte> data, string fileName, ulong position)
        : base(header, data)
    {
        FileName = fileName;
        Position = position;
    }

    /// <summary>The binlog file the server is sending from.</summary>
    public string FileName { get; }

    /// <summary>The position in <see cref="FileName"/> the server has sent up to.</summary>
    public ulong Position { get; }

    /// <summary>
    /// Version 1: the body is the file name and the header's next position is the position. Version 2 (MySQL 8.0.26+,
    /// docs only): a list of <c>packed type, packed length, value</c> fields, 1 = file name, 2 = packed position, 0 = end.
    /// </summary>
    internal static HeartbeatEvent Create(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlySpan<byte> body)
    {
        if (header.EventType != BinlogEventType.HeartbeatV2)
        {
            return new HeartbeatEvent(header, data, Encoding.UTF8.GetString(body), header.NextPosition);
        }

        var reader = new PayloadReader(body);
        var fileName = string.Empty;
        ulong position = 0;
        while (reader.HasRemaining)
        {
            var type = reader.ReadLengthEncodedInteger();
            if (type == V2EndMarker)
            {
                break;
            }

            var value = reader.ReadLengthEncodedBytes();
            if (type == V2FileName)
            {
                fileName = Encoding.UTF8.GetString(value);
            }
            else if (type == V2Position)
            {
                position = new PayloadReader(value).ReadLengthEncodedInteger();
            }
        }

        return new HeartbeatEvent(header, data, fileName, position);
    }
}
