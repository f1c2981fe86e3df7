namespace Serverless.Api.Wire;

/// <summary>A datastore with its versions (trove-api.md §6); <c>default_version</c> is one of the version ids.</summary>
internal sealed record DatastoreWire(string Id, string Name, IReadOnlyList<Link> Links, string DefaultVersion, IReadOnlyList<DatastoreVersionSummary> Versions);

/// <summary>A version as listed inside its datastore.</summary>
internal sealed record DatastoreVersionSummary(string Id, string Name, IReadOnlyList<Link> Links, int Active);

/// <summary>A version on its own: <c>version</c> is the engine version, <c>datastore</c> the datastore's id.</summary>
internal sealed record DatastoreVersionWire(string Id, string Name, string Version, string Datastore, int Active, IReadOnlyList<Link> Links);

internal sealed record DatastoreEnvelope(DatastoreWire Datastore);

internal sealed record DatastoreListEnvelope(IReadOnlyList<DatastoreWire> Datastores);

internal sealed record DatastoreVersionEnvelope(DatastoreVersionWire Version);

internal sealed record DatastoreVersionListEnvelope(IReadOnlyList<DatastoreVersionWire> Versions);
