namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// A catalog resource (instance, operation, flavor, datastore or datastore version) does not exist, or
/// belongs to another project. The API answers 404.
/// </summary>
public sealed class CatalogNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">What was looked for, for example <c>Instance</c> or <c>Flavor</c>.</param>
    /// <param name="id">The id or name that was asked for.</param>
    public CatalogNotFoundException(string kind, string id)
        : base($"{kind} {id} could not be found.")
    {
        Kind = kind;
        ResourceId = id;
    }

    /// <summary>What was looked for, for example <c>Instance</c> or <c>Flavor</c>.</summary>
    public string Kind { get; }

    /// <summary>The id or name that was asked for.</summary>
    public string ResourceId { get; }
}
