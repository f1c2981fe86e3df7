using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Serverless.Binlog.Protocol;

/// <summary>
/// Builds one packet payload in a pooled buffer. The first four bytes are reserved for the packet
/// header so that <see cref="PacketChannel"/> can send a small packet with a single write.
/// </summary>
internal sealed class PayloadWriter : IDisposable
{
    public const int HeaderSize = 4;

    private byte[] _buffer;
    private int _position;

    public PayloadWriter(int initialCapacity = 256)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity + HeaderSize);
        _position = HeaderSize;
    }

    /// <summary>Payload length written so far (excluding the reserved header).</summary>
    public int Length => _position - HeaderSize;

    /// <summary>The buffer including the 4 reserved header bytes.</summary>
    internal Memory<byte> PacketBuffer => _buffer.AsMemory(0, _position);

    public ReadOnlySpan<byte> Payload => _buffer.AsSpan(HeaderSize, Length);

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    public void WriteUInt16(ushort value)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_position), value);
        _position += 2;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteUInt64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    public void WriteZeros(int count)
    {
        Ensure(count);
        _buffer.AsSpan(_position, count).Clear();
        _position += count;
    }

    public void WriteLengthEncodedInteger(ulong value)
    {
        switch (value)
        {
            case < 0xFB:
                WriteByte((byte)value);
                break;
            case <= 0xFFFF:
                WriteByte(0xFC);
                WriteUInt16((ushort)value);
                break;
            case <= 0xFFFFFF:
                WriteByte(0xFD);
                WriteByte((byte)value);
                WriteByte((byte)(value >> 8));
                WriteByte((byte)(value >> 16));
                break;
            default:
                WriteByte(0xFE);
                WriteUInt64(value);
                break;
        }
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    public void WriteLengthEncodedBytes(ReadOnlySpan<byte> bytes)
    {
        WriteLengthEncodedInteger((ulong)bytes.Length);
        WriteBytes(bytes);
    }

    public void WriteUtf8(string text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _position += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_position));
    }

    public void WriteUtf8(ReadOnlySpan<char> text)
    {
        Ensure(Encoding.UTF8.GetMaxByteCount(text.Length));
        _position += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_position));
    }

    public void WriteNullTerminatedUtf8(string text)
    {
        WriteUtf8(text);
        WriteByte(0);
    }

    public void WriteLengthEncodedUtf8(string text) => WriteLengthEncodedBytes(Encoding.UTF8.GetBytes(text));

    /// <summary>Returns a span of at least <paramref name="sizeHint"/> bytes to write into; call <see cref="Advance"/> after.</summary>
    public Span<byte> GetSpan(int sizeHint)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(_position);
    }

    public void Advance(int count) => _position += count;

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _position >= count)
        {
            return;
        }

        var needed = (long)_position + count;
        var size = Math.Max(needed, (long)_buffer.Length * 2);
        if (size > Array.MaxLength)
        {
            size = needed <= Array.MaxLength ? Array.MaxLength : throw new InvalidOperationException("A MySQL payload cannot exceed 2 GiB.");
        }

        var grown = ArrayPool<byte>.Shared.Rent((int)size);
        _buffer.AsSpan(0, _position).CopyTo(grown);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = grown;
    }
}
