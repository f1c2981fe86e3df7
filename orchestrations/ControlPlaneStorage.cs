using Azure.Storage.Blobs;
using Serverless.Storage.Accounts;

namespace Serverless.Orchestrations;

/// <summary>
/// The control plane's blob containers, created from <see cref="ControlPlaneOptions"/> in this one place: the catalog
/// and the backup artifacts.
/// </summary>
public sealed class ControlPlaneStorage
{
    /// <summary>Initializes a new instance of the <see cref="ControlPlaneStorage"/> class.</summary>
    /// <param name="options">The storage account and container names.</param>
    public ControlPlaneStorage(ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var service = BlobServiceClientFactory.Create(options.Storage);
        Catalog = service.GetBlobContainerClient(options.CatalogContainer);
        Backups = service.GetBlobContainerClient(options.BackupsContainer);
    }

    /// <summary>Gets the container of the catalog's documents.</summary>
    public BlobContainerClient Catalog { get; }

    /// <summary>Gets the container of backup artifacts.</summary>
    public BlobContainerClient Backups { get; }

    /// <summary>Creates the containers that do not exist yet.</summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>A task completing once both containers exist.</returns>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await Catalog.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await Backups.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
