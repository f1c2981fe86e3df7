using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Api;
using Serverless.Durable;
using Serverless.Orchestrations;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms;
using Serverless.Platforms.Local.Instances;
using Serverless.Platforms.Local.Secrets;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;
using Xunit;

namespace Serverless.Testing;

/// <summary>
/// The API as the local host composes it (<see cref="ControlPlane.AddControlPlane"/>): Kestrel on a loopback port, the
/// real instance and backup orchestrations on the Durable Task Framework, the local platform running mariadbd in a temp
/// root, Azurite holding the catalog, the backup artifacts and the task hub, and two projects. Disposing stops everything and deletes every server the
/// tests left behind.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ApiHost : IAsyncLifetime, IAsyncDisposable
{
    public const string Alpha = "alpha";
    public const string AlphaToken = "token-alpha-0123";
    public const string Beta = "beta";
    public const string BetaToken = "token-beta-4567";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "serverless-api-tests", Guid.NewGuid().ToString("N")[..12]);
    private readonly AzuriteFixture _azurite = new();
    private WebApplication? _app;

    /// <summary>Gets every log line written by the host, to prove no secret reaches the logs.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Where backups keep their artifacts: to look at (or damage) a backup's blobs.</summary>
    public ArtifactStore Artifacts { get; private set; } = null!;

    /// <summary>The backup service the endpoints use, for arranging state directly.</summary>
    public BackupService Backups { get; private set; } = null!;

    /// <summary>The catalog the services use, for planting documents the API cannot make (quickly).</summary>
    public IDocumentStore Catalog { get; private set; } = null!;

    /// <summary>The instance service the endpoints use, for arranging state directly.</summary>
    public InstanceService Instances { get; private set; } = null!;

    /// <summary>Gets the connection string of the Azurite holding the catalog, the artifacts and the task hub, to read them directly.</summary>
    public string StorageConnectionString => _azurite.ConnectionString;

    /// <summary>The name of the durable task hub.</summary>
    public const string TaskHubName = "apitests";

    /// <summary>Every value the secret store holds (admin and replication passwords, keys), to prove none leaks elsewhere.</summary>
    public IReadOnlyList<string> StoredSecrets() =>
        Directory.Exists(Path.Combine(_root, "secrets"))
            ? [.. Directory.EnumerateFiles(Path.Combine(_root, "secrets"), "*.secret").Select(file => File.ReadAllText(file).Trim()).Where(value => value.Length > 0)]
            : [];

    /// <summary>The ids of the database servers the local platform has made and not deleted.</summary>
    public IReadOnlyList<string> ServerIds() =>
        Directory.Exists(Path.Combine(_root, "servers"))
            ? [.. Directory.EnumerateFiles(Path.Combine(_root, "servers"), "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!]
            : [];

    /// <summary>Adds a project while the host runs, so that a test class can have a project of its own.</summary>
    public void AddProject(string project, string token) =>
        _app!.Services.GetRequiredService<IOptions<TroveApiOptions>>().Value.ProjectTokens[project] = token;

    public async Task InitializeAsync()
    {
        var secrets = new LocalSecretStore(Path.Combine(_root, "secrets"));
        var platform = new LocalDatabasePlatform(new LocalDatabasePlatformOptions { StateRoot = _root }, secrets);
        await _azurite.InitializeAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders().AddProvider(new QueueLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddSingleton<IDatabasePlatform>(platform).AddSingleton<ISecretStore>(secrets);
        builder.Services.AddControlPlane(new ControlPlaneOptions { Storage = new() { ConnectionString = _azurite.ConnectionString } });
        builder.Services.AddLocalDurableRuntime(
            new DurableRuntimeOptions { StorageConnectionString = _azurite.ConnectionString, TaskHubName = TaskHubName }, ControlPlane.DataConverter, ControlPlane.AddTasks);
        builder.Services.AddTroveApi(options =>
        {
            options.ProjectTokens[Alpha] = AlphaToken;
            options.ProjectTokens[Beta] = BetaToken;
        });
        _app = builder.Build();
        _app.MapTroveApi();
        await _app.StartAsync();
        Catalog = _app.Services.GetRequiredService<IDocumentStore>();
        Artifacts = _app.Services.GetRequiredService<ArtifactStore>();
        Instances = _app.Services.GetRequiredService<InstanceService>();
        Backups = _app.Services.GetRequiredService<BackupService>();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>A client for one project's endpoint, sending <paramref name="token"/> (none when null).</summary>
    public HttpClient Client(string project, string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseAddress, $"/v1.0/{project}/"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (token is not null)
        {
            client.DefaultRequestHeaders.Add("X-Auth-Token", token);
        }

        return client;
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    public async Task DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await _azurite.DisposeAsync();
        var platform = new LocalDatabasePlatform(new LocalDatabasePlatformOptions { StateRoot = _root }, new LocalSecretStore(Path.Combine(_root, "secrets")));
        var servers = Path.Combine(_root, "servers");
        if (Directory.Exists(servers))
        {
            foreach (var record in Directory.EnumerateFiles(servers, "*.json"))
            {
                await platform.DeleteAsync(Path.GetFileNameWithoutExtension(record), CancellationToken.None);
            }
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
