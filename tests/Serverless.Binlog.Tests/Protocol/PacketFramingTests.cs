using Serverless.Binlog.Protocol;
using Serverless.Testing;
using Xunit;

namespace Serverless.Binlog.Tests.Protocol;

/// <summary>
/// <see cref="PacketChannel"/> framing (shared reference §1.1): payloads are written to memory, checked byte by byte
/// where the layout matters, and read back through a stream that answers in pieces and always asynchronously.
/// </summary>
public sealed class PacketFramingTests
{
    private const int MaxChunk = 0xFFFFFF;

    [Fact]
    public async Task PayloadOfExactlyMaxChunk_IsSentAsOneFullChunkAndAnEmptyPacket()
    {
        var payload = Pattern(MaxChunk);

        var wire = await WriteAsync(payload);

        Assert.Equal(4 + MaxChunk + 4, wire.Length);
        Assert.Equal(Hex.Decode("ff ff ff 00"), wire[..4]);
        Assert.Equal(Hex.Decode("00 00 00 01"), wire[^4..]);
        var (read, sequence) = await ReadOneAsync(wire);
        AssertSameBytes(payload, read);
        Assert.Equal(2, sequence);
    }

    [Fact]
    public async Task Payload_Of17MiB_IsSplitAfterOneFullChunk_AndRoundTrips()
    {
        var payload = Pattern(17 * 1024 * 1024);

        var wire = await WriteAsync(payload);

        Assert.Equal(payload.Length + 8, wire.Length);
        Assert.Equal(Hex.Decode("ff ff ff 00"), wire[..4]);
        Assert.Equal(Hex.Decode("01 00 10 01"), wire[(4 + MaxChunk)..(8 + MaxChunk)]); // 0x100001 bytes remain, sequence 1
        var (read, sequence) = await ReadOneAsync(wire);
        AssertSameBytes(payload, read);
        Assert.Equal(2, sequence);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(MaxChunk - 1, 1)]
    [InlineData(MaxChunk + 1, 2)]
    [InlineData(2 * MaxChunk, 3)]
    public async Task Payload_RoundTrips_AsFullChunksEndedByAShorterPacket(int length, int packets)
    {
        var payload = Pattern(length);

        var wire = await WriteAsync(payload);

        Assert.Equal(length + 4 * packets, wire.Length);
        var (read, sequence) = await ReadOneAsync(wire);
        AssertSameBytes(payload, read);
        Assert.Equal(packets, sequence);
    }

    [Fact]
    public async Task SequenceId_WrapsFrom255To0_WhenWriting()
    {
        using var watchdog = CreateWatchdog();
        var stream = new MemoryStream();
        using var channel = new PacketChannel(stream, watchdog) { Sequence = 254 };

        foreach (var value in new byte[] { 0x0A, 0x0B, 0x0C })
        {
            using var writer = new PayloadWriter();
            writer.WriteByte(value);
            await channel.WritePayloadAsync(writer);
        }

        Assert.Equal(Hex.Decode("01 00 00 fe 0a  01 00 00 ff 0b  01 00 00 00 0c"), stream.ToArray());
        Assert.Equal(1, channel.Sequence);
    }

    [Fact]
    public async Task SequenceId_WrapsFrom255To0_WhenReading()
    {
        using var watchdog = CreateWatchdog();
        using var channel = new PacketChannel(new PieceByPieceStream(Hex.Decode("01 00 00 fe 0a  01 00 00 ff 0b  01 00 00 00 0c"), 5), watchdog);

        Assert.Equal([0x0A], (await channel.ReadPayloadAsync()).ToArray());
        Assert.Equal(255, channel.Sequence);
        Assert.Equal([0x0B], (await channel.ReadPayloadAsync()).ToArray());
        Assert.Equal(0, channel.Sequence);
        Assert.Equal([0x0C], (await channel.ReadPayloadAsync()).ToArray());
        Assert.Equal(1, channel.Sequence);
    }

    [Fact]
    public async Task SmallPackets_AlreadyBuffered_AreReadSynchronouslyWithoutTouchingTheStream()
    {
        var dataArrives = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = new PieceByPieceStream(Hex.Decode("01 00 00 00 61  02 00 00 01 62 62  03 00 00 02 63 63 63"), int.MaxValue, dataArrives.Task);
        using var watchdog = CreateWatchdog();
        using var channel = new PacketChannel(stream, watchdog);

        var first = channel.ReadPayloadAsync();
        Assert.False(first.IsCompleted); // nothing is buffered yet, so the channel waits for the stream
        dataArrives.SetResult();
        Assert.Equal("a"u8.ToArray(), (await first).ToArray());
        var second = channel.ReadPayloadAsync();
        Assert.True(second.IsCompletedSuccessfully);
        Assert.Equal("bb"u8.ToArray(), (await second).ToArray());
        var third = channel.ReadPayloadAsync();
        Assert.True(third.IsCompletedSuccessfully);
        Assert.Equal("ccc"u8.ToArray(), (await third).ToArray());
        Assert.Equal(1, stream.Reads);
    }

    [Fact]
    public async Task Payload_IsReassembled_WhenTheStreamDeliversOneByteAtATime()
    {
        var payload = Pattern(300);
        var wire = await WriteAsync(payload);

        using var watchdog = CreateWatchdog();
        using var channel = new PacketChannel(new PieceByPieceStream(wire, 1), watchdog);

        Assert.Equal(payload, (await channel.ReadPayloadAsync()).ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("0a 00")]
    [InlineData("0a 00 00 00 01 02 03")]
    [InlineData("ff ff ff 00 01 02 03")]
    public async Task StreamThatEnds_BeforeAWholePacket_RaisesConnectionException(string wire)
    {
        using var watchdog = CreateWatchdog();
        using var channel = new PacketChannel(new PieceByPieceStream(Hex.Decode(wire), 2), watchdog);

        var failure = await Assert.ThrowsAsync<BinlogConnectionException>(async () => await channel.ReadPayloadAsync());

        Assert.Contains("closed the connection", failure.Message, StringComparison.Ordinal);
    }

    private static IoWatchdog CreateWatchdog() => new("test", () => { });

    /// <summary>Bytes that repeat every 251 (a prime), so a chunk boundary in the wrong place changes the content.</summary>
    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i % 251);
        }

        return bytes;
    }

    private static async Task<byte[]> WriteAsync(byte[] payload)
    {
        using var watchdog = CreateWatchdog();
        var stream = new MemoryStream();
        using var channel = new PacketChannel(stream, watchdog);
        using var writer = new PayloadWriter(payload.Length);
        writer.WriteBytes(payload);
        await channel.WritePayloadAsync(writer);
        return stream.ToArray();
    }

    /// <summary>Reads one payload and returns it with the sequence id the channel expects next.</summary>
    private static async Task<(byte[] Payload, int NextSequence)> ReadOneAsync(byte[] wire)
    {
        using var watchdog = CreateWatchdog();
        using var channel = new PacketChannel(new PieceByPieceStream(wire, 1024 * 1024), watchdog);
        var payload = (await channel.ReadPayloadAsync()).ToArray();
        return (payload, channel.Sequence);
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var same = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(same == expected.Length, $"The payloads differ from byte {same} on.");
    }

    /// <summary>
    /// A read-only stream that returns at most <c>pieceSize</c> bytes per read, always asynchronously (and not before
    /// <c>dataArrives</c> completes, when given), and counts its reads.
    /// </summary>
    private sealed class PieceByPieceStream(byte[] data, int pieceSize, Task? dataArrives = null) : ReadOnlyForwardStream
    {
        public int Reads { get; private set; }

        protected override int ReadCore(Span<byte> buffer) => throw new NotSupportedException("PacketChannel must read asynchronously.");

        protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            await (dataArrives ?? Task.CompletedTask);
            await Task.Yield();
            Reads++;
            var count = (int)Math.Min(Math.Min(pieceSize, buffer.Length), data.Length - Position);
            data.AsSpan((int)Position, count).CopyTo(buffer.Span);
            return count;
        }
    }
}
