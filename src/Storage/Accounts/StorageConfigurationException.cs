namespace Serverless.Storage.Accounts;

/// <summary>The storage account settings cannot be used; the message says which setting to fix.</summary>
public sealed class StorageConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to set instead; never a secret.</param>
    /// <param name="innerException">The failure behind it, if any.</param>
    public StorageConfigurationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
