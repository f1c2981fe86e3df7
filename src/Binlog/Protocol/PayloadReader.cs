using System.Buffers.Binary;
using System.Text;

namespace Serverless.Binlog.Protocol;

/// <summary>
/// Reads the protocol's basic data types from one packet payload
/// (MySQL client/server protocol, "Basic Data Types": fixed-length and length-encoded
/// integers, NUL-terminated, length-encoded and rest-of-packet strings). All integers are little-endian.
/// </summary>
internal ref struct PayloadReader
{
    private readonly ReadOnlySpan<byte> _payload;
    private int _offset;

    public PayloadReader(ReadOnlySpan<byte> payload)
    {
        _payload = payload;
        _offset = 0;
    }

    public readonly int Offset => _offset;

    public readonly int Remaining => _payload.Length - _offset;

    public readonly bool HasRemaining => _offset < _payload.Length;

    public byte ReadByte()
    {
        Require(1);
        return _payload[_offset++];
    }

    public readonly byte PeekByte()
    {
        Require(1);
        return _payload[_offset];
    }

    public ushort ReadUInt16()
    {
        Require(2);
        var value = BinaryPrimitives.ReadUInt16LittleEndian(_payload[_offset..]);
        _offset += 2;
        return value;
    }

    public uint ReadUInt24()
    {
        Require(3);
        var value = (uint)(_payload[_offset] | (_payload[_offset + 1] << 8) | (_payload[_offset + 2] << 16));
        _offset += 3;
        return value;
    }

    public uint ReadUInt32()
    {
        Require(4);
        var value = BinaryPrimitives.ReadUInt32LittleEndian(_payload[_offset..]);
        _offset += 4;
        return value;
    }

    public ulong ReadUInt64()
    {
        Require(8);
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_payload[_offset..]);
        _offset += 8;
        return value;
    }

    /// <summary>Reads a length-encoded integer: &lt;0xFB is the value; 0xFC, 0xFD, 0xFE prefix 2, 3, 8 bytes.</summary>
    public ulong ReadLengthEncodedInteger()
    {
        var first = ReadByte();
        return first switch
        {
            < 0xFB => first,
            0xFC => ReadUInt16(),
            0xFD => ReadUInt24(),
            0xFE => ReadUInt64(),
            _ => throw new BinlogProtocolException($"Invalid length-encoded integer prefix 0x{first:X2} at offset {_offset - 1}."),
        };
    }

    public ReadOnlySpan<byte> ReadLengthEncodedBytes()
    {
        var length = ReadLengthEncodedInteger();
        if (length > (ulong)Remaining)
        {
            throw new BinlogProtocolException($"Length-encoded string of {length} bytes overruns the data ({Remaining} bytes left).");
        }

        return ReadBytes((int)length);
    }

    public ReadOnlySpan<byte> ReadNullTerminatedBytes()
    {
        var rest = _payload[_offset..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            // Some servers omit the final NUL of the last field (e.g. the plugin name); accept the rest of the packet.
            _offset = _payload.Length;
            return rest;
        }

        _offset += end + 1;
        return rest[..end];
    }

    public string ReadNullTerminatedString() => Encoding.UTF8.GetString(ReadNullTerminatedBytes());

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        Require(count);
        var bytes = _payload.Slice(_offset, count);
        _offset += count;
        return bytes;
    }

    public ReadOnlySpan<byte> ReadRest()
    {
        var rest = _payload[_offset..];
        _offset = _payload.Length;
        return rest;
    }

    public void Skip(int count)
    {
        Require(count);
        _offset += count;
    }

    private readonly void Require(int count)
    {
        if (_payload.Length - _offset < count)
        {
            throw new BinlogProtocolException($"Data too short: needed {count} more bytes at offset {_offset} of {_payload.Length}.");
        }
    }
}
