namespace Serverless.Storage.Artifacts;

/// <summary>The "compressor" for <see cref="ArtifactCompression.None"/>: writes straight through and leaves the output open when disposed.</summary>
internal sealed class PassThroughWriteStream(Stream output) : WriteOnlySinkStream
{
    public override void Write(ReadOnlySpan<byte> buffer) => output.Write(buffer);
}
