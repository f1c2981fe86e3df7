using System.Buffers;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// The bytes the encoding pipeline has produced and the uploader has not read yet: a write-only stream for
/// the compressor and encryptor to write into, drained by <see cref="ArtifactEncodingStream"/>. It holds at
/// most what one source read turns into (an encrypted chunk at most), so memory stays bounded.
/// </summary>
internal sealed class PendingOutput : WriteOnlySinkStream
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _start;
    private int _end;

    /// <summary>Bytes waiting to be read.</summary>
    public int Count => _end - _start;

    /// <summary>Moves up to <paramref name="destination"/>'s length of the oldest bytes into it.</summary>
    public int Drain(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, Count);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        return n;
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_buffer.Length - _end < buffer.Length)
        {
            MakeRoom(buffer.Length);
        }

        buffer.CopyTo(_buffer.AsSpan(_end));
        _end += buffer.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _start = _end = 0;
        }

        base.Dispose(disposing);
    }

    private void MakeRoom(int incoming)
    {
        var needed = Count + incoming;
        if (needed <= _buffer.Length)
        {
            _buffer.AsSpan(_start, Count).CopyTo(_buffer);
        }
        else
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(_start, Count).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        _end = Count;
        _start = 0;
    }
}
