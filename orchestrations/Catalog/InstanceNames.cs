using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// The project's instance-name index (<c>projects/{projectId}/instance-names/{hash}</c>): one create-if-absent document per
/// name, so two creates or renames can never end with the same name.
/// </summary>
internal static class InstanceNames
{
    // A claim whose instance does not carry the name (a create that crashed between the two writes, or a rename that
    // crashed before the instance took the name) is released after this long; a younger one may still be in flight.
    private static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(5);

    /// <summary>Claims <paramref name="name"/> for <paramref name="instanceId"/>; claiming a name the instance holds already is fine.</summary>
    /// <exception cref="CatalogConflictException">Another instance of the project has the name.</exception>
    public static async Task ClaimAsync(IDocumentStore catalog, string projectId, string name, string instanceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = CatalogKeys.InstanceName(projectId, name);
        var claim = new NameIndexDocument(instanceId, now);
        while (true)
        {
            try
            {
                await catalog.CreateAsync(key, claim, CatalogJsonContext.Default.NameIndexDocument, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DocumentAlreadyExistsException)
            {
                // Fall through: see whether the holder is real.
            }

            var existing = await catalog.GetAsync(key, CatalogJsonContext.Default.NameIndexDocument, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                continue;
            }

            if (existing.Value.InstanceId == instanceId)
            {
                return;
            }

            var holder = await catalog.GetAsync(CatalogKeys.Instance(projectId, existing.Value.InstanceId), CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false);
            if (holder?.Value.Instance.Name == name || now - existing.Value.Claimed < StaleClaim)
            {
                throw new CatalogConflictException($"The project already has an instance named '{name}'. Choose another name, or delete that instance first.");
            }

            try
            {
                await catalog.ReplaceAsync(key, claim, existing.ETag, CatalogJsonContext.Default.NameIndexDocument, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is DocumentChangedException or DocumentNotFoundException)
            {
                // Another create moved first: look again.
            }
        }
    }

    /// <summary>Releases <paramref name="name"/> if <paramref name="instanceId"/> holds it.</summary>
    public static Task<bool> ReleaseAsync(IDocumentStore catalog, string projectId, string name, string instanceId, CancellationToken cancellationToken) =>
        CatalogDocuments.DeleteAsync(
            catalog, CatalogKeys.InstanceName(projectId, name), CatalogJsonContext.Default.NameIndexDocument, claim => claim.InstanceId == instanceId, cancellationToken);
}
