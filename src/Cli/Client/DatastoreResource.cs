namespace Serverless.Cli.Client;

/// <summary>A datastore with its versions (trove-api.md §6).</summary>
internal sealed record DatastoreResource(string Id, string Name, string? DefaultVersion, IReadOnlyList<DatastoreVersionReference> Versions);

internal sealed record DatastoreVersionReference(string Id, string Name, int Active);

internal sealed record DatastoreListEnvelope(IReadOnlyList<DatastoreResource> Datastores);
