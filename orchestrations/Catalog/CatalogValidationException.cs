namespace Serverless.Orchestrations.Catalog;

/// <summary>A request is malformed or out of range; the message says what to fix. The API answers 400.</summary>
public sealed class CatalogValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to change; never a password.</param>
    public CatalogValidationException(string message)
        : base(message)
    {
    }
}
