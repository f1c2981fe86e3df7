using System.IO.Compression;

namespace Serverless.Storage.Artifacts;

/// <summary>Creates the compressor and decompressor streams for an <see cref="ArtifactCompression"/>.</summary>
internal static class ArtifactCompressionStreams
{
    // `bench/run.sh compression-study` on this project's 2-core machine, 200 MB of sbtest-like LOAD DATA rows,
    // one thread, MB/s per CPU second (bench/README.md has the whole table): Brotli quality 1 compresses at
    // 327 MB/s to 45.7 % of the original and decompresses at 365 MB/s; quality 0 is slower (268 MB/s) and
    // larger, qualities 2-4 run at 50-82 MB/s. zlib level 1 manages 162 MB/s but stores 76.8 %; levels 2-9
    // store about 49 % at 108 MB/s down to 16 MB/s.
    private const int BrotliQuality = 1;
    private static readonly ZLibCompressionOptions GzipOptions = new() { CompressionLevel = 1 };

    /// <summary>A stream that compresses what is written to it into <paramref name="output"/>; disposing it writes the end of the compressed stream and leaves <paramref name="output"/> open.</summary>
    public static Stream CreateCompressor(ArtifactCompression compression, Stream output) => compression switch
    {
        ArtifactCompression.None => new PassThroughWriteStream(output),
        ArtifactCompression.Gzip => new GZipStream(output, GzipOptions, leaveOpen: true),
        ArtifactCompression.Brotli => new BrotliStream(output, new BrotliCompressionOptions { Quality = BrotliQuality }, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown artifact compression."),
    };

    /// <summary>A stream that reads <paramref name="input"/> decompressed; disposing it leaves <paramref name="input"/> open.</summary>
    public static Stream CreateDecompressor(ArtifactCompression compression, Stream input) => compression switch
    {
        ArtifactCompression.None => input,
        ArtifactCompression.Gzip => new GZipStream(input, CompressionMode.Decompress, leaveOpen: true),
        ArtifactCompression.Brotli => new BrotliStream(input, CompressionMode.Decompress, leaveOpen: true),
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "Unknown artifact compression."),
    };
}
