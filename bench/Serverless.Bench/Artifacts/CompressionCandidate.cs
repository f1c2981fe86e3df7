namespace Serverless.Bench.Artifacts;

/// <summary>One compressor setting the compression study measures.</summary>
/// <param name="Label">How the table names it, e.g. <c>gzip Fastest (1)</c>.</param>
/// <param name="Compress">Wraps an output stream in the compressor; disposing the wrapper finishes the stream and leaves the output open.</param>
/// <param name="Decompress">Wraps a compressed input stream in the matching decompressor, leaving the input open.</param>
internal sealed record CompressionCandidate(string Label, Func<Stream, Stream> Compress, Func<Stream, Stream> Decompress);
