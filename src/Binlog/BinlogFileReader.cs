using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using Serverless.Binlog.Events;

namespace Serverless.Binlog;

/// <summary>
/// Reads events from a binlog file or any stream laid out like one: the 4-byte magic <c>FE 'b' 'i' 'n'</c>, then
/// whole events back to back, starting with a format description (shared reference §4). The same parser as
/// <see cref="BinlogClient"/>'s verifies every event's CRC32, so stored segments are checked when read back.
/// </summary>
/// <remarks>
/// Each event's <see cref="BinlogEvent.Data"/> is valid until the next read. Not thread-safe.
/// </remarks>
public sealed class BinlogFileReader : IAsyncDisposable
{
    private const int InitialBufferSize = 256 * 1024;
    private static readonly byte[] MagicBytes = [0xFE, 0x62, 0x69, 0x6E];

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private int _start;
    private int _end;
    private bool _magicRead;
    private bool _disposed;

    /// <summary>Creates a reader over <paramref name="stream"/>, positioned at the magic.</summary>
    /// <param name="stream">The binlog bytes, read forward only.</param>
    /// <param name="leaveOpen">Keep the stream open when the reader is disposed.</param>
    public BinlogFileReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The 4 bytes every binlog file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => MagicBytes;

    /// <summary>The parser, with the current format description and table maps.</summary>
    public BinlogEventParser Parser { get; } = new();

    /// <summary>The offset of the next event in the stream (4 after the magic).</summary>
    public long Position { get; private set; }

    /// <summary>Opens a binlog file for reading.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The reader; dispose it to close the file.</returns>
    public static BinlogFileReader Open(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan | FileOptions.Asynchronous));

    /// <summary>Reads the next event.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The event, or null at the end of the stream.</returns>
    /// <exception cref="BinlogProtocolException">The stream is not a binlog, or ends inside an event.</exception>
    /// <exception cref="BinlogChecksumException">An event failed its CRC32 check.</exception>
    public async ValueTask<BinlogEvent?> ReadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_magicRead)
        {
            if (!await FillAsync(MagicBytes.Length, cancellationToken).ConfigureAwait(false) || !_buffer.AsSpan(_start, MagicBytes.Length).SequenceEqual(MagicBytes))
            {
                throw new BinlogProtocolException("The stream is not a binlog: it does not start with the magic bytes FE 62 69 6E.");
            }

            _start += MagicBytes.Length;
            Position = MagicBytes.Length;
            _magicRead = true;
        }

        if (!await FillAsync(BinlogEventHeader.Size, cancellationToken).ConfigureAwait(false))
        {
            if (_end > _start)
            {
                throw Truncated(_end - _start);
            }

            return null;
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start + 9));
        if (size < BinlogEventHeader.Size || size > Array.MaxLength - 64)
        {
            throw new BinlogProtocolException(string.Create(CultureInfo.InvariantCulture, $"The event at offset {Position} declares an impossible size of {size} bytes; the binlog is corrupt."));
        }

        if (!await FillAsync((int)size, cancellationToken).ConfigureAwait(false))
        {
            throw Truncated(_end - _start);
        }

        var data = _buffer.AsMemory(_start, (int)size);
        var binlogEvent = Parser.Parse(data, Position);
        _start += (int)size;
        Position += size;
        return binlogEvent;
    }

    /// <summary>Reads every event to the end of the stream.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The events in order; each valid until the next is requested.</returns>
    public async IAsyncEnumerable<BinlogEvent> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await ReadAsync(cancellationToken).ConfigureAwait(false) is { } binlogEvent)
        {
            yield return binlogEvent;
        }
    }

    /// <summary>Returns the buffer and closes the stream unless it was to be left open.</summary>
    /// <returns>A task that completes when the stream is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private BinlogProtocolException Truncated(int available) =>
        new(string.Create(CultureInfo.InvariantCulture, $"The binlog ends inside the event at offset {Position} ({available} bytes of it present); the file is truncated or still being written."));

    /// <summary>Makes sure <paramref name="count"/> unread bytes are buffered; false when the stream ends first.</summary>
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_buffer.Length - _start < count)
        {
            var unread = _end - _start;
            var target = _buffer;
            if (_buffer.Length < count)
            {
                target = ArrayPool<byte>.Shared.Rent(Math.Max(count, _buffer.Length * 2));
            }

            Buffer.BlockCopy(_buffer, _start, target, 0, unread);
            if (!ReferenceEquals(target, _buffer))
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = target;
            }

            _start = 0;
            _end = unread;
        }

        while (_end - _start < count)
        {
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }
}
