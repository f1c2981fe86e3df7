namespace Serverless.Orchestrations.Catalog;

/// <summary>A datastore (database engine family) and its versions.</summary>
/// <param name="Id">The datastore id, for example <c>mysql</c>.</param>
/// <param name="Name">The datastore name, for example <c>mysql</c>.</param>
/// <param name="DefaultVersionId">The version used when a create request names none.</param>
/// <param name="Versions">Every version.</param>
public sealed record DatastoreView(string Id, string Name, string DefaultVersionId, IReadOnlyList<DatastoreVersionView> Versions);
