using System.Diagnostics;
using System.IO.Compression;

namespace Serverless.Bench.Artifacts;

/// <summary>
/// Measures System.IO.Compression's codecs on sbtest-like LOAD DATA rows, one thread each, so the artifact
/// format can pick the default compression for throughput: a backup has to keep up with a MySQL stream of
/// 100-200 MB/s on a 2-core machine while leaving a core to the MySQL client.
/// </summary>
internal static class CompressionStudy
{
    public const string Name = "compression-study";
    public const string Summary = "gzip/deflate/zlib and Brotli levels on sbtest-like rows: single-thread MB/s and ratio.";
    public const string Usage = """
        Usage: Serverless.Bench compression-study [--megabytes N] [--write-block KiB]
          --megabytes N      sbtest-like rows generated in memory and compressed by each codec (default 200)
          --write-block KiB  bytes handed to the compressor per Write, as the artifact writer does (default 64)
        Prints, per codec and level: compression MB/s of original bytes per CPU second of the one thread
        doing it and per wall second, decompression MB/s per CPU second, and the stored size as a
        percentage of the original.
        """;

    private const double BytesPerMegabyte = 1_000_000;
    private const int WarmUpBytes = 4 << 20;

    public static Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        var megabytes = arguments.GetInt32("megabytes", 200, minimum: 1);
        var writeBlock = arguments.GetInt32("write-block", 64, minimum: 1) * 1024;
        arguments.EnsureAllRead();

        Console.WriteLine($"Generating {megabytes} MB of sbtest-like rows in memory...");
        var original = Generate(megabytes * (long)BytesPerMegabyte);
        var compressed = new MemoryStream(original.Length);
        var scratch = new byte[writeBlock];

        Console.WriteLine($"{original.Length:N0} bytes; each codec compresses them in {writeBlock / 1024} KiB writes on one thread, then decompresses.");
        Console.WriteLine("MB/s per CPU second of that thread (what the codec costs, whatever else the machine runs) and per wall second.");
        Console.WriteLine();
        Console.WriteLine($"| {"codec and level",-26} | {"compress MB/s CPU",17} | {"compress MB/s wall",18} | {"decompress MB/s CPU",19} | {"stored % of original",20} |");
        Console.WriteLine($"|{new string('-', 28)}|{new string('-', 18)}:|{new string('-', 19)}:|{new string('-', 20)}:|{new string('-', 21)}:|");
        foreach (var candidate in Candidates())
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Untimed: JIT-compiles both directions and lets the native library allocate its state once.
            Compress(candidate, original.AsMemory(0, Math.Min(WarmUpBytes, original.Length)), compressed, writeBlock);
            Decompress(candidate, compressed, scratch);

            var compress = Compress(candidate, original, compressed, writeBlock);
            var storedBytes = compressed.Length;
            var (decompress, restored) = Decompress(candidate, compressed, scratch);
            if (restored != original.Length)
            {
                throw new InvalidOperationException($"{candidate.Label} gave back {restored:N0} bytes of {original.Length:N0}.");
            }

            Console.WriteLine($"| {candidate.Label,-26} | {Rate(original.Length, compress.Cpu),17:N1} | {Rate(original.Length, compress.Wall),18:N1} | {Rate(original.Length, decompress.Cpu),19:N1} | {100.0 * storedBytes / original.Length,20:N1} |");
        }

        return Task.FromResult(0);
    }

    private static IEnumerable<CompressionCandidate> Candidates()
    {
        yield return new("none (copy)", output => new NonClosingStream(output), input => new NonClosingStream(input));

        // The named levels map to zlib-ng levels 1, 6 and 9; gzip and zlib differ from deflate only by a
        // header and a CRC-32 or Adler-32 trailer, which shows what the checksum costs.
        foreach (var level in new[] { CompressionLevel.Fastest, CompressionLevel.Optimal, CompressionLevel.SmallestSize })
        {
            var name = $"{level} ({ZLibLevel(level)})";
            yield return new($"gzip {name}", o => new GZipStream(o, level, leaveOpen: true), i => new GZipStream(i, CompressionMode.Decompress, leaveOpen: true));
            yield return new($"deflate {name}", o => new DeflateStream(o, level, leaveOpen: true), i => new DeflateStream(i, CompressionMode.Decompress, leaveOpen: true));
            yield return new($"zlib {name}", o => new ZLibStream(o, level, leaveOpen: true), i => new ZLibStream(i, CompressionMode.Decompress, leaveOpen: true));
        }

        // The levels between Fastest and Optimal, where a better ratio may still keep up.
        foreach (var level in new[] { 2, 3, 4 })
        {
            var options = new ZLibCompressionOptions { CompressionLevel = level };
            yield return new($"gzip level {level}", o => new GZipStream(o, options, leaveOpen: true), i => new GZipStream(i, CompressionMode.Decompress, leaveOpen: true));
        }

        // Quality 0..4 are Brotli's fast end (Fastest is 1 and Optimal is 4 in .NET); SmallestSize (11) runs
        // at about 1 MB/s and is out of the question for streaming backups, so it is not measured.
        foreach (var quality in new[] { 0, 1, 2, 3, 4 })
        {
            var options = new BrotliCompressionOptions { Quality = quality };
            yield return new($"brotli quality {quality}", o => new BrotliStream(o, options, leaveOpen: true), i => new BrotliStream(i, CompressionMode.Decompress, leaveOpen: true));
        }
    }

    private static int ZLibLevel(CompressionLevel level) => level switch
    {
        CompressionLevel.Fastest => 1,
        CompressionLevel.Optimal => 6,
        CompressionLevel.SmallestSize => 9,
        _ => 0,
    };

    private static byte[] Generate(long bytes)
    {
        using var rows = new SbtestRowStream(bytes);
        using var buffer = new MemoryStream(checked((int)bytes + 1024));
        rows.CopyTo(buffer, 1 << 20);
        return buffer.ToArray();
    }

    private static (TimeSpan Wall, TimeSpan Cpu) Compress(CompressionCandidate candidate, ReadOnlyMemory<byte> original, MemoryStream compressed, int writeBlock)
    {
        compressed.SetLength(0);
        var cpu = CpuTime.OfCurrentThread();
        var started = Stopwatch.GetTimestamp();
        using (var compressor = candidate.Compress(compressed))
        {
            for (var at = 0; at < original.Length; at += writeBlock)
            {
                compressor.Write(original.Span.Slice(at, Math.Min(writeBlock, original.Length - at)));
            }
        }

        return (Stopwatch.GetElapsedTime(started), CpuTime.OfCurrentThread() - cpu);
    }

    private static ((TimeSpan Wall, TimeSpan Cpu) Elapsed, long Bytes) Decompress(CompressionCandidate candidate, MemoryStream compressed, byte[] scratch)
    {
        compressed.Position = 0;
        long total = 0;
        var cpu = CpuTime.OfCurrentThread();
        var started = Stopwatch.GetTimestamp();
        using (var decompressor = candidate.Decompress(compressed))
        {
            int n;
            while ((n = decompressor.Read(scratch)) > 0)
            {
                total += n;
            }
        }

        return ((Stopwatch.GetElapsedTime(started), CpuTime.OfCurrentThread() - cpu), total);
    }

    private static double Rate(long bytes, TimeSpan elapsed) => bytes / BytesPerMegabyte / elapsed.TotalSeconds;
}
