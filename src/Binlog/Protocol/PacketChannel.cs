using System.Buffers;
using System.Net.Sockets;

namespace Serverless.Binlog.Protocol;

/// <summary>
/// Packet framing over a byte stream (shared reference §1.1): a 3-byte payload length and a 1-byte
/// sequence id, payloads of 0xFFFFFF bytes or more split into 0xFFFFFF chunks and ended by a shorter
/// (possibly empty) one. Reads are buffered; a payload handed out stays valid until the next read.
/// Sequence ids wrap at 255, as they do on long binlog streams.
/// Taken over from our former MySQL wire client.
/// </summary>
internal sealed class PacketChannel : IDisposable
{
    public const int MaxChunkLength = 0xFFFFFF;
    // Large enough that a busy binlog stream is read in few system calls.
    private const int InitialBufferSize = 256 * 1024;

    private readonly IoWatchdog _watchdog;
    private Stream _stream;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private byte[]? _assembled;

    public PacketChannel(Stream stream, IoWatchdog watchdog)
    {
        _stream = stream;
        _watchdog = watchdog;
    }

    /// <summary>The sequence id the next packet (sent or received) must carry.</summary>
    public byte Sequence { get; set; }

    /// <summary>The stream packets travel on.</summary>
    public Stream Transport => _stream;

    /// <summary>Swaps the transport, e.g. for the TLS stream after an SSLRequest.</summary>
    public void ReplaceStream(Stream stream)
    {
        if (_end != _start)
        {
            throw new BinlogProtocolException("The server sent data before the TLS handshake.");
        }

        _stream = stream;
    }

    /// <summary>Starts a new command: its first packet has sequence id 0.</summary>
    public void ResetSequence() => Sequence = 0;

    /// <summary>
    /// Reads one whole payload (joining 16 MiB chunks). The returned memory is only valid until the next call.
    /// Completes synchronously when the packet is already buffered, which is the common case for result rows.
    /// </summary>
    public ValueTask<ReadOnlyMemory<byte>> ReadPayloadAsync()
    {
        ReleaseAssembled();
        var available = _end - _start;
        if (available >= 4)
        {
            var length = _buffer[_start] | (_buffer[_start + 1] << 8) | (_buffer[_start + 2] << 16);
            if (length < MaxChunkLength && available >= 4 + length)
            {
                Sequence = unchecked((byte)(_buffer[_start + 3] + 1));
                var payload = _buffer.AsMemory(_start + 4, length);
                _start += 4 + length;
                return new ValueTask<ReadOnlyMemory<byte>>(payload);
            }
        }

        return ReadPayloadSlowAsync();
    }

    /// <summary>Sends the payload built in <paramref name="writer"/>, chunking it when it reaches 16 MiB.</summary>
    public async ValueTask WritePayloadAsync(PayloadWriter writer)
    {
        var length = writer.Length;
        if (length < MaxChunkLength)
        {
            var packet = writer.PacketBuffer;
            WriteHeader(packet.Span, length);
            await WriteAsync(packet).ConfigureAwait(false);
            return;
        }

        await WriteChunkedAsync(writer.PacketBuffer[PayloadWriter.HeaderSize..]).ConfigureAwait(false);
    }

    public void Dispose()
    {
        ReleaseAssembled();
        _stream.Dispose();
    }

    private async ValueTask WriteChunkedAsync(ReadOnlyMemory<byte> payload)
    {
        var header = new byte[4];
        while (true)
        {
            var chunk = Math.Min(payload.Length, MaxChunkLength);
            WriteHeader(header, chunk);
            await WriteAsync(header).ConfigureAwait(false);
            await WriteAsync(payload[..chunk]).ConfigureAwait(false);
            payload = payload[chunk..];
            if (chunk < MaxChunkLength)
            {
                // A payload that is an exact multiple of 0xFFFFFF ends with an empty packet.
                return;
            }
        }
    }

    private void WriteHeader(Span<byte> header, int length)
    {
        header[0] = (byte)length;
        header[1] = (byte)(length >> 8);
        header[2] = (byte)(length >> 16);
        header[3] = Sequence;
        Sequence = unchecked((byte)(Sequence + 1));
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        _watchdog.BeginIo();
        try
        {
            await _stream.WriteAsync(bytes).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            throw _watchdog.CreateIoFailure(ex, "sending to");
        }
        finally
        {
            _watchdog.EndIo();
        }
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadPayloadSlowAsync()
    {
        await FillAsync(4).ConfigureAwait(false);
        var length = ReadHeader();
        if (length < MaxChunkLength)
        {
            await FillAsync(length).ConfigureAwait(false);
            var payload = _buffer.AsMemory(_start, length);
            _start += length;
            return payload;
        }

        // A payload of 16 MiB or more: join chunks until one is shorter than 0xFFFFFF.
        var total = 0;
        var assembled = ArrayPool<byte>.Shared.Rent(2 * MaxChunkLength);
        try
        {
            while (true)
            {
                await FillAsync(length).ConfigureAwait(false);
                if (assembled.Length - total < length)
                {
                    var grown = ArrayPool<byte>.Shared.Rent(Math.Max(total + length, assembled.Length * 2));
                    assembled.AsSpan(0, total).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(assembled);
                    assembled = grown;
                }

                _buffer.AsSpan(_start, length).CopyTo(assembled.AsSpan(total));
                _start += length;
                total += length;
                if (length < MaxChunkLength)
                {
                    break;
                }

                await FillAsync(4).ConfigureAwait(false);
                length = ReadHeader();
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(assembled);
            throw;
        }

        _assembled = assembled;
        return assembled.AsMemory(0, total);
    }

    private int ReadHeader()
    {
        var length = _buffer[_start] | (_buffer[_start + 1] << 8) | (_buffer[_start + 2] << 16);
        Sequence = unchecked((byte)(_buffer[_start + 3] + 1));
        _start += 4;
        return length;
    }

    /// <summary>Makes sure at least <paramref name="count"/> unread bytes are buffered.</summary>
    private async ValueTask FillAsync(int count)
    {
        if (_end - _start >= count)
        {
            return;
        }

        if (_start == _end)
        {
            // Nothing unread: read into the whole buffer rather than its tail.
            _start = _end = 0;
        }

        if (_buffer.Length - _start < count)
        {
            var unread = _end - _start;
            var target = _buffer.Length >= count ? _buffer : new byte[Math.Max(count, _buffer.Length * 2)];
            Buffer.BlockCopy(_buffer, _start, target, 0, unread);
            _buffer = target;
            _start = 0;
            _end = unread;
        }

        while (_end - _start < count)
        {
            int read;
            _watchdog.BeginIo();
            try
            {
                read = await _stream.ReadAsync(_buffer.AsMemory(_end)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
            {
                throw _watchdog.CreateIoFailure(ex, "reading from");
            }
            finally
            {
                _watchdog.EndIo();
            }

            if (read == 0)
            {
                throw _watchdog.CreateIoFailure(null, "reading from");
            }

            _end += read;
        }
    }

    private void ReleaseAssembled()
    {
        if (_assembled is { } assembled)
        {
            _assembled = null;
            ArrayPool<byte>.Shared.Return(assembled);
        }
    }
}
