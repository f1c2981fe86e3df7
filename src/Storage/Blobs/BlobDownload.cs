namespace Serverless.Storage.Blobs;

/// <summary>
/// A blob being read: its properties and a forward-only stream of its content (or of the
/// requested range). Dispose it to release the connection.
/// </summary>
/// <remarks>
/// The stream resumes by itself after a transient failure mid-body: it asks for the remaining
/// bytes with a ranged read conditioned on <see cref="BlobProperties.ETag"/>, so a blob
/// replaced in between fails the read with <see cref="BlobConditionNotMetException"/> instead of
/// mixing two versions. It gives up after <see cref="Azure.Core.RetryOptions.MaxRetries"/>
/// resumptions and rethrows the last <see cref="IOException"/>.
/// </remarks>
public sealed class BlobDownload : IAsyncDisposable, IDisposable
{
    internal BlobDownload(BlobProperties properties, long contentLength, Stream content)
    {
        Properties = properties;
        ContentLength = contentLength;
        Content = content;
    }

    /// <summary>Properties of the whole blob; <see cref="BlobProperties.ContentLength"/> is the blob size.</summary>
    public BlobProperties Properties { get; }

    /// <summary>Number of bytes <see cref="Content"/> yields: the blob size, or the length of the requested range.</summary>
    public long ContentLength { get; }

    /// <summary>The content, read front to back.</summary>
    public Stream Content { get; }

    /// <summary>Closes the content stream and its connection.</summary>
    public void Dispose() => Content.Dispose();

    /// <summary>Closes the content stream and its connection.</summary>
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
