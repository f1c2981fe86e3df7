namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// A request conflicts with the catalog as it is, for example an instance name already used in the
/// project. The API answers 409.
/// </summary>
public sealed class CatalogConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What conflicts and what the user can do.</param>
    public CatalogConflictException(string message)
        : base(message)
    {
    }
}
