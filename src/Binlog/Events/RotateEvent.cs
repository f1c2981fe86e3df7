using System.Buffers.Binary;
using System.Text;

namespace Serverless.Binlog.Events;

/// <summary>
/// ROTATE (4): the binlog continues in <see cref="FileName"/> at <see cref="Position"/> (shared reference §4.3:
/// <c>int&lt;8&gt; position</c> + file name as the rest). A dump starts with an artificial one naming the file it
/// reads; a real one ends each file.
/// </summary>
public sealed class RotateEvent : BinlogEvent
{
    private RotateEvent(BinlogEventHeader header, ReadOnlyMemory<byte> data, ulong position, string fileName)
        : base(header, data)
    {
        Position = position;
        FileName = fileName;
    }

    /// <summary>The position in <see cref="FileName"/> where the next event is.</summary>
    public ulong Position { get; }

    /// <summary>The binlog file the following events come from.</summary>
    public string FileName { get; }

    /// <summary>True for the rotate the server makes up at the start of a dump (it is in no file).</summary>
    public bool IsArtificial => (Header.Flags & BinlogEventFlags.Artificial) != 0 || Header.NextPosition == 0;

    internal static RotateEvent Create(BinlogEventHeader header, ReadOnlyMemory<byte> data, ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
        {
            throw new BinlogProtocolException($"A rotate event body of {body.Length} bytes is too short.");
        }

        return new RotateEvent(header, data, BinaryPrimitives.ReadUInt64LittleEndian(body), Encoding.UTF8.GetString(body[8..]));
    }
}
