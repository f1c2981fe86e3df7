using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// Reads the flavors and datastores of the catalog. On first use it seeds the defaults when the catalog has
/// none: Trove/nova-like flavors <c>1</c> m1.tiny, <c>2</c> m1.small, <c>3</c> m1.medium, <c>4</c> m1.large,
/// and datastore <c>mysql</c> with version <c>10.11</c>.
/// </summary>
/// <remarks>
/// Version <c>10.11</c> is what the local platform runs: MariaDB 10.11, which speaks the MySQL protocol.
/// The datastore is called <c>mysql</c> because that is what clients ask Trove for.
/// </remarks>
public sealed class CatalogQueries
{
    private const int SeedVersion = 1;

    private static readonly FlavorView[] DefaultFlavors =
    [
        new("1", "m1.tiny", RamMegabytes: 512, VCpus: 1, DiskGigabytes: 5, MaxConnections: 100),
        new("2", "m1.small", RamMegabytes: 2048, VCpus: 1, DiskGigabytes: 20, MaxConnections: 200),
        new("3", "m1.medium", RamMegabytes: 4096, VCpus: 2, DiskGigabytes: 40, MaxConnections: 400),
        new("4", "m1.large", RamMegabytes: 8192, VCpus: 4, DiskGigabytes: 80, MaxConnections: 800),
    ];

    private static readonly DatastoreView[] DefaultDatastores =
    [
        new("mysql", "mysql", "mysql-10.11", [new DatastoreVersionView("mysql-10.11", "10.11", "mysql", Active: true)]),
    ];

    private readonly IDocumentStore _catalog;
    private readonly TimeProvider _time;
    private volatile bool _seeded;

    /// <summary>Creates the queries over a catalog store.</summary>
    /// <param name="catalog">The catalog's document store.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public CatalogQueries(IDocumentStore catalog, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _catalog = catalog;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Lists every flavor, by id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The flavors.</returns>
    public async Task<IReadOnlyList<FlavorView>> ListFlavorsAsync(CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(cancellationToken).ConfigureAwait(false);
        var flavors = new List<FlavorView>();
        await foreach (var key in _catalog.ListKeysAsync(CatalogKeys.FlavorsPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (await _catalog.GetAsync(key, CatalogJsonContext.Default.FlavorView, cancellationToken).ConfigureAwait(false) is { } flavor)
            {
                flavors.Add(flavor.Value);
            }
        }

        return flavors;
    }

    /// <summary>Finds a flavor by id, or else by name (case-insensitive).</summary>
    /// <param name="idOrName">The id or name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The flavor.</returns>
    /// <exception cref="CatalogNotFoundException">There is no such flavor.</exception>
    public async Task<FlavorView> GetFlavorAsync(string idOrName, CancellationToken cancellationToken)
    {
        var flavors = await ListFlavorsAsync(cancellationToken).ConfigureAwait(false);
        return FindByIdOrName(flavors, idOrName, f => f.Id, f => f.Name)
            ?? throw new CatalogNotFoundException("Flavor", idOrName ?? "");
    }

    /// <summary>Lists every datastore with its versions, by id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The datastores.</returns>
    public async Task<IReadOnlyList<DatastoreView>> ListDatastoresAsync(CancellationToken cancellationToken)
    {
        await EnsureSeededAsync(cancellationToken).ConfigureAwait(false);
        var datastores = new List<DatastoreView>();
        await foreach (var key in _catalog.ListKeysAsync(CatalogKeys.DatastoresPrefix, cancellationToken).ConfigureAwait(false))
        {
            if (await _catalog.GetAsync(key, CatalogJsonContext.Default.DatastoreView, cancellationToken).ConfigureAwait(false) is { } datastore)
            {
                datastores.Add(datastore.Value);
            }
        }

        return datastores;
    }

    /// <summary>Finds a datastore by id, or else by name (case-insensitive).</summary>
    /// <param name="idOrName">The id or name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The datastore.</returns>
    /// <exception cref="CatalogNotFoundException">There is no such datastore.</exception>
    public async Task<DatastoreView> GetDatastoreAsync(string idOrName, CancellationToken cancellationToken)
    {
        var datastores = await ListDatastoresAsync(cancellationToken).ConfigureAwait(false);
        return FindByIdOrName(datastores, idOrName, d => d.Id, d => d.Name)
            ?? throw new CatalogNotFoundException("Datastore", idOrName ?? "");
    }

    /// <summary>Finds a version of a datastore by id, or else by name (case-insensitive).</summary>
    /// <param name="datastoreIdOrName">The datastore's id or name.</param>
    /// <param name="versionIdOrName">The version's id or name.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The version.</returns>
    /// <exception cref="CatalogNotFoundException">There is no such datastore or version.</exception>
    public async Task<DatastoreVersionView> GetDatastoreVersionAsync(string datastoreIdOrName, string versionIdOrName, CancellationToken cancellationToken)
    {
        var datastore = await GetDatastoreAsync(datastoreIdOrName, cancellationToken).ConfigureAwait(false);
        return FindByIdOrName(datastore.Versions, versionIdOrName, v => v.Id, v => v.Name)
            ?? throw new CatalogNotFoundException("Datastore version", $"{versionIdOrName} of datastore {datastore.Name}");
    }

    private static T? FindByIdOrName<T>(IReadOnlyList<T> items, string? idOrName, Func<T, string> id, Func<T, string> name)
        where T : class
    {
        if (string.IsNullOrEmpty(idOrName))
        {
            return null;
        }

        return items.FirstOrDefault(i => string.Equals(id(i), idOrName, StringComparison.Ordinal))
            ?? items.FirstOrDefault(i => string.Equals(name(i), idOrName, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Creates the defaults once per catalog: each document only if absent, then the seed marker, so a run
    /// interrupted halfway completes on the next use and an operator's later deletions stay deleted.
    /// </summary>
    private async Task EnsureSeededAsync(CancellationToken cancellationToken)
    {
        if (_seeded)
        {
            return;
        }

        if (await _catalog.GetAsync(CatalogKeys.Seed, cancellationToken).ConfigureAwait(false) is null)
        {
            foreach (var flavor in DefaultFlavors)
            {
                await CreateIfAbsentAsync(() => _catalog.CreateAsync(CatalogKeys.Flavor(flavor.Id), flavor, CatalogJsonContext.Default.FlavorView, cancellationToken)).ConfigureAwait(false);
            }

            foreach (var datastore in DefaultDatastores)
            {
                await CreateIfAbsentAsync(() => _catalog.CreateAsync(CatalogKeys.Datastore(datastore.Id), datastore, CatalogJsonContext.Default.DatastoreView, cancellationToken)).ConfigureAwait(false);
            }

            var marker = new CatalogSeedDocument(SeedVersion, _time.GetUtcNow());
            await CreateIfAbsentAsync(() => _catalog.CreateAsync(CatalogKeys.Seed, marker, CatalogJsonContext.Default.CatalogSeedDocument, cancellationToken)).ConfigureAwait(false);
        }

        _seeded = true;
    }

    private static async Task CreateIfAbsentAsync(Func<Task> create)
    {
        try
        {
            await create().ConfigureAwait(false);
        }
        catch (DocumentAlreadyExistsException)
        {
            // Another host seeded it first: theirs is as good as ours.
        }
    }
}
