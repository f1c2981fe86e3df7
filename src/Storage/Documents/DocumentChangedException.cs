using Azure;

namespace Serverless.Storage.Documents;

/// <summary>
/// A document was changed by someone else since it was read: the ETag a replacement or deletion
/// named is no longer current. Read the document again and redo the change on the new version.
/// </summary>
public sealed class DocumentChangedException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The document key.</param>
    /// <param name="expectedETag">The ETag the change was based on.</param>
    /// <param name="innerException">The storage failure behind it, if any.</param>
    public DocumentChangedException(string key, ETag expectedETag, Exception? innerException = null)
        : base($"The document under key '{key}' was changed since version {expectedETag} was read: read it again and redo the change.", innerException)
    {
        Key = key;
        ExpectedETag = expectedETag;
    }

    /// <summary>The document key.</summary>
    public string Key { get; }

    /// <summary>The ETag the rejected change was based on.</summary>
    public ETag ExpectedETag { get; }
}
