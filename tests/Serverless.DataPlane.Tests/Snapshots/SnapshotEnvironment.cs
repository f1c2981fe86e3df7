using Serverless.Platforms.Local;
using Serverless.Storage.Artifacts;
using Serverless.Testing;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

/// <summary>A source server, a target server (another server_id) and Azurite for one test class.</summary>
public sealed class SnapshotEnvironment : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    // The servers' temporary tables (information_schema queries make some) go to a directory of their own:
    // other processes on a shared machine clean up /tmp.
    private readonly string _tmp = Path.Combine(Path.GetTempPath(), $"dataplane-tests-{Guid.NewGuid():N}");
    private MariaDbServer? _source;
    private MariaDbServer? _target;

    public MariaDbServer Source => _source ?? throw new InvalidOperationException("Not initialized.");

    public MariaDbServer Target => _target ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>The source's admin account over TLS, verified against the server's own CA as the platform hands it out.</summary>
    public ServerConnection SourceOptions => Admin(Source);

    public ServerConnection TargetOptions => Admin(Target);

    public static ServerConnection Admin(MariaDbServer server) =>
        new(server.Host, server.Port, server.AdminUser, server.AdminPassword, File.ReadAllText(server.TlsCaCertificatePath!));

    public async Task InitializeAsync()
    {
        var name = $"snap{Guid.NewGuid():N}"[..12];
        var settings = new Dictionary<string, string> { ["tmpdir"] = _tmp };
        Directory.CreateDirectory(_tmp);
        var starting = new[]
        {
            MariaDbServer.StartAsync(new MariaDbServerOptions { Name = name + "-src", ServerId = 1, Guarded = true, EnableTls = true, ExtraSettings = settings }, CancellationToken.None),
            MariaDbServer.StartAsync(new MariaDbServerOptions { Name = name + "-dst", ServerId = 2, Guarded = true, EnableTls = true, ExtraSettings = settings }, CancellationToken.None),
        };
        await _azurite.InitializeAsync();
        var servers = await Task.WhenAll(starting);
        (_source, _target) = (servers[0], servers[1]);
    }

    public async Task DisposeAsync()
    {
        if (_source is not null)
        {
            await _source.DisposeAsync();
        }

        if (_target is not null)
        {
            await _target.DisposeAsync();
        }

        await _azurite.DisposeAsync();
        Directory.Delete(_tmp, recursive: true);
    }

    /// <summary>A store on a fresh container, so tests do not see each other's sets.</summary>
    public async Task<ArtifactStore> CreateStoreAsync(ArtifactStoreOptions? options = null)
    {
        return new ArtifactStore(await _azurite.CreateContainerAsync("snapshots"), options);
    }
}
