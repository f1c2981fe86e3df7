using System.Text;
using MySqlConnector;
using Serverless.Durable;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms.Local.Instances;
using Serverless.Platforms.Local.Secrets;
using Serverless.Platforms;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;
using Serverless.Testing;
using Xunit;

namespace Serverless.Orchestrations.Tests.Instances;

/// <summary>
/// One "host" for the test class: the real local platform under a temp state root, a local secret store,
/// in-memory catalog and durable stores, Azurite holding backup artifacts, and a running engine with the
/// instance and backup orchestrations. Disposing deletes every server left.
/// </summary>
public sealed class InstanceHarness : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public InstanceHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "serverless-orchestrations-tests", Guid.NewGuid().ToString("N")[..12]);
        Secrets = new LocalSecretStore(Path.Combine(Root, "secrets"));
        Platform = new LocalDatabasePlatform(new LocalDatabasePlatformOptions { StateRoot = Root }, Secrets);
        Queries = new CatalogQueries(Catalog);
    }

    public string Root { get; }

    public LocalSecretStore Secrets { get; }

    public LocalDatabasePlatform Platform { get; }

    public InMemoryDocumentStore Catalog { get; } = new();

    public InMemoryDocumentStore DurableStore { get; } = new();

    public DurableEngine Engine { get; private set; } = null!;

    public InstanceService Instances { get; private set; } = null!;

    public BackupService Backups { get; private set; } = null!;

    /// <summary>Where backups keep their artifacts (container <c>backups</c> on the harness's Azurite).</summary>
    public ArtifactStore Artifacts { get; private set; } = null!;

    public CatalogQueries Queries { get; }

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var container = _azurite.BlobService.GetBlobContainerClient("backups");
        await container.CreateIfNotExistsAsync();
        Artifacts = new ArtifactStore(container);
        var registry = new DurableTaskRegistry(InstanceOrchestrations.TypeInfoResolver);
        InstanceOrchestrations.Register(registry, Platform, Secrets, Catalog);
        BackupOrchestrations.Register(registry, Platform, Secrets, Catalog, Artifacts);
        Engine = new DurableEngine(DurableStore, registry, new DurableEngineOptions { PollInterval = TimeSpan.FromMilliseconds(100) });
        Instances = new InstanceService(Catalog, Engine.Client, Secrets);
        Backups = new BackupService(Catalog, Engine.Client);
        await Engine.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        await _azurite.DisposeAsync();
        var servers = Path.Combine(Root, "servers");
        if (Directory.Exists(servers))
        {
            foreach (var record in Directory.EnumerateFiles(servers, "*.json"))
            {
                await Platform.DeleteAsync(Path.GetFileNameWithoutExtension(record), CancellationToken.None);
            }
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>Polls the instance until it has <paramref name="status"/>; fails at once on ERROR.</summary>
    public Task<InstanceView> WaitForStatusAsync(string projectId, string instanceId, string status, TimeSpan? timeout = null) =>
        WaitForAsync(
            ct => Instances.GetAsync(projectId, instanceId, ct),
            i => i.Status == status,
            i => i.Status == InstanceStatus.Error ? $"Instance {instanceId} went to ERROR: {i.Fault}" : null,
            timeout);

    /// <summary>Polls the backup until it has <paramref name="status"/>; fails at once on FAILED (unless that is awaited).</summary>
    public Task<BackupView> WaitForBackupAsync(string projectId, string backupId, string status) =>
        WaitForAsync(
            ct => Backups.GetAsync(projectId, backupId, ct),
            b => b.Status == status,
            b => b.Status == BackupStatus.Failed ? $"Backup {backupId} FAILED: {b.Fault}" : null);

    /// <summary>Polls the operation until it is no longer RUNNING.</summary>
    public Task<OperationView> WaitForOperationAsync(string projectId, string operationId) =>
        WaitForAsync(ct => Instances.GetOperationAsync(projectId, operationId, ct), o => o.Status != OperationStatus.Running, _ => null);

    /// <summary>Polls until the instance is gone from the catalog.</summary>
    public Task WaitUntilGoneAsync(string projectId, string instanceId) =>
        WaitForAsync(async ct => (await Instances.ListAsync(projectId, ct)).All(i => i.Id != instanceId), gone => gone, _ => null);

    /// <summary>Polls until <paramref name="done"/> says so.</summary>
    public static Task PollAsync(Func<Task<bool>> done) => WaitForAsync(_ => done(), d => d, _ => null);

    /// <summary>
    /// Reads until <paramref name="reached"/> holds and returns that value; fails at once when <paramref name="broken"/>
    /// says why the state will never come, and after <paramref name="timeout"/> (two minutes when null).
    /// </summary>
    private static async Task<T> WaitForAsync<T>(Func<CancellationToken, Task<T>> read, Func<T, bool> reached, Func<T, string?> broken, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var value = await read(cts.Token);
            if (reached(value))
            {
                return value;
            }

            if (broken(value) is { } why)
            {
                Assert.Fail(why);
            }

            await Task.Delay(100, cts.Token);
        }
    }

    public static Task<MySqlConnection> ConnectAsync(InstanceView instance, string user, string password, string? database = null) =>
        SqlSession.OpenAsync(instance.Host!, instance.Port!.Value, user, password, database);

    /// <summary>Fails unless there are documents and none of either store holds any of <paramref name="secrets"/>.</summary>
    public async Task AssertNoDocumentHoldsAsync(params string[] secrets)
    {
        var documents = await AllDocumentsAsync();
        Assert.NotEmpty(documents);
        foreach (var (key, json) in documents)
        {
            foreach (var secret in secrets)
            {
                Assert.False(json.Contains(secret, StringComparison.Ordinal), $"Document '{key}' holds a secret.");
            }
        }
    }

    /// <summary>Every document of both stores, as text, with its key.</summary>
    public async Task<IReadOnlyList<(string Key, string Json)>> AllDocumentsAsync()
    {
        var documents = new List<(string, string)>();
        foreach (var store in new IDocumentStore[] { Catalog, DurableStore })
        {
            await foreach (var key in store.ListKeysAsync(""))
            {
                if (await store.GetAsync(key) is { } document)
                {
                    documents.Add((key, Encoding.UTF8.GetString(document.Value.ToArray())));
                }
            }
        }

        return documents;
    }
}
