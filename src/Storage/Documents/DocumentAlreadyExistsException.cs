namespace Serverless.Storage.Documents;

/// <summary>A document was to be created, but one exists under its key already.</summary>
public sealed class DocumentAlreadyExistsException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="key">The document key.</param>
    /// <param name="innerException">The storage failure behind it, if any.</param>
    public DocumentAlreadyExistsException(string key, Exception? innerException = null)
        : base($"A document exists under key '{key}' already: read it and change it instead, or create it under another key.", innerException)
    {
        Key = key;
    }

    /// <summary>The document key.</summary>
    public string Key { get; }
}
