namespace Serverless.Storage.Documents;

/// <summary>A document was to be changed or deleted, but none exists under its key (any more).</summary>
public sealed class DocumentNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The document key.</param>
    /// <param name="innerException">The storage failure behind it, if any.</param>
    public DocumentNotFoundException(string key, Exception? innerException = null)
        : base($"No document exists under key '{key}' (any more): it was never created or has been deleted.", innerException)
    {
        Key = key;
    }

    /// <summary>The document key.</summary>
    public string Key { get; }
}
