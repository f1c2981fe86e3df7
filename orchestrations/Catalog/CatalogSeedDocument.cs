namespace Serverless.Orchestrations.Catalog;

/// <summary>Written after the default flavors and datastores (<c>seed</c>), so they are created only once.</summary>
internal sealed record CatalogSeedDocument(int Version, DateTimeOffset Seeded);
