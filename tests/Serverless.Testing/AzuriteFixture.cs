using Azure.Storage.Blobs;
using Serverless.Platforms.Local;
using Serverless.Storage.Accounts;
using Xunit;

namespace Serverless.Testing;

/// <summary>
/// An xunit fixture (class or collection) that owns one guarded Azurite (Blob, Queue and Table) on free
/// loopback ports. Azurite is killed together with the test process, however that process ends,
/// and its state is deleted when the fixture is disposed.
/// </summary>
/// <example>
/// A test class that wants Azurite's debug log (for example to see a rejected string-to-sign):
/// <code>
/// public sealed class DebugAzuriteFixture : AzuriteFixture
/// {
///     protected override AzuriteServerOptions ConfigureOptions(AzuriteServerOptions options) => options with { DebugLog = true };
/// }
/// </code>
/// </example>
public class AzuriteFixture : IAsyncLifetime
{
    private AzuriteServer? server;
    private BlobServiceClient? blobService;

    /// <summary>The running Azurite; available once xunit has initialized the fixture.</summary>
    public AzuriteServer Server => server ?? throw new InvalidOperationException("The Azurite fixture has not been initialized.");

    /// <summary>The connection string of the emulator account (<c>devstoreaccount1</c>) with the fixture's Blob endpoint.</summary>
    public string ConnectionString => Server.ConnectionString;

    /// <summary>The Blob client of the fixture's account, made the way the hosts make theirs (<see cref="BlobServiceClientFactory"/>).</summary>
    public BlobServiceClient BlobService => blobService ??= BlobServiceClientFactory.Create(new StorageAccountOptions { ConnectionString = ConnectionString });

    /// <summary>Creates a container no other test uses: <paramref name="prefix"/>, a hyphen and 32 hex digits.</summary>
    /// <param name="prefix">Up to 30 lowercase letters, digits and single hyphens, saying what the container is for.</param>
    /// <returns>The new, empty container.</returns>
    public async Task<BlobContainerClient> CreateContainerAsync(string prefix)
    {
        var container = BlobService.GetBlobContainerClient($"{prefix}-{Guid.NewGuid():N}");
        await container.CreateIfNotExistsAsync().ConfigureAwait(false);
        return container;
    }

    /// <summary>Starts Azurite.</summary>
    public async Task InitializeAsync()
    {
        var options = ConfigureOptions(new AzuriteServerOptions { Name = GetType().Name, Guarded = true });
        server = await AzuriteServer.StartAsync(options, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Stops Azurite and deletes its state directory.</summary>
    public async Task DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Adjusts the options before Azurite starts; the defaults are a guarded server named after the
    /// fixture type. Return a modified copy (<c>options with { ... }</c>).
    /// </summary>
    /// <param name="options">The default options.</param>
    /// <returns>The options to start Azurite with.</returns>
    protected virtual AzuriteServerOptions ConfigureOptions(AzuriteServerOptions options) => options;
}
