namespace Serverless.Orchestrations.Catalog;

/// <summary>A configuration group (<c>projects/{projectId}/configurations/{id}</c>): named parameter values for one datastore version.</summary>
/// <param name="Id">The group id (a GUID).</param>
/// <param name="ProjectId">The owning project.</param>
/// <param name="Name">The group name.</param>
/// <param name="Description">The description; null for none.</param>
/// <param name="DatastoreName">The datastore, for example <c>mysql</c>.</param>
/// <param name="DatastoreVersionId">The datastore version id, for example <c>mysql-10.11</c>.</param>
/// <param name="DatastoreVersionName">The datastore version name, for example <c>10.11</c>.</param>
/// <param name="Values">Parameter values in their canonical text form (<c>200</c>, <c>ON</c>, <c>utf8mb4</c>), by name.</param>
/// <param name="Created">When the group was created.</param>
/// <param name="Updated">When the group last changed.</param>
public sealed record ConfigurationView(
    string Id,
    string ProjectId,
    string Name,
    string? Description,
    string DatastoreName,
    string DatastoreVersionId,
    string DatastoreVersionName,
    IReadOnlyDictionary<string, string> Values,
    DateTimeOffset Created,
    DateTimeOffset Updated);
