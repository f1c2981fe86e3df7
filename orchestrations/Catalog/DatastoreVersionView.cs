namespace Serverless.Orchestrations.Catalog;

/// <summary>A version of a datastore.</summary>
/// <param name="Id">The version id, for example <c>mysql-10.11</c>.</param>
/// <param name="Name">The version name, for example <c>10.11</c>.</param>
/// <param name="DatastoreName">The datastore it belongs to.</param>
/// <param name="Active">Whether new instances may use it.</param>
public sealed record DatastoreVersionView(string Id, string Name, string DatastoreName, bool Active);
