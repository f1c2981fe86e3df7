using System.Buffers.Binary;
using Serverless.Testing;

namespace Serverless.Storage.Tests;

/// <summary>
/// A read-only stream of <c>length</c> pseudo-random bytes computed from their position, so
/// content of any size exists without memory or files, and any range can be checked again.
/// Optionally calls back once when the reader has passed a given position.
/// </summary>
internal sealed class GeneratedStream : ReadOnlyForwardStream
{
    private readonly long length;
    private readonly ulong seed;
    private readonly long triggerPosition;
    private Action? trigger;

    public GeneratedStream(long length, ulong seed = 1, long triggerPosition = long.MaxValue, Action? trigger = null)
    {
        this.length = length;
        this.seed = seed;
        this.triggerPosition = triggerPosition;
        this.trigger = trigger;
    }

    public override long Length => length;

    /// <summary>The bytes at <paramref name="offset"/>..+<paramref name="count"/> of a stream with this seed.</summary>
    public static byte[] Expected(long offset, int count, ulong seed = 1)
    {
        var bytes = new byte[count];
        Fill(bytes, offset, seed);
        return bytes;
    }

    protected override int ReadCore(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - Position);
        if (count <= 0)
        {
            return 0;
        }

        Fill(buffer[..count], Position, seed);
        if (Position + count >= triggerPosition && trigger is { } fire)
        {
            trigger = null;
            fire();
        }

        return count;
    }

    /// <summary>Writes the bytes at <paramref name="offset"/> of a stream with this seed into <paramref name="target"/>.</summary>
    public static void Fill(Span<byte> target, long offset, ulong seed = 1)
    {
        Span<byte> word = stackalloc byte[8];
        while (!target.IsEmpty)
        {
            var index = offset >> 3;
            var within = (int)(offset & 7);
            var value = Mix((ulong)index ^ (seed * 0x9E3779B97F4A7C15UL));
            if (within == 0 && target.Length >= 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(target, value);
                target = target[8..];
                offset += 8;
                continue;
            }

            BinaryPrimitives.WriteUInt64LittleEndian(word, value);
            var take = Math.Min(8 - within, target.Length);
            word.Slice(within, take).CopyTo(target);
            target = target[take..];
            offset += take;
        }
    }

    // SplitMix64's finalizer: cheap and well spread.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
