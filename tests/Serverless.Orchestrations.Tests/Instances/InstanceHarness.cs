using System.Text;
using DurableTask.AzureStorage;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Durable;
using MySqlConnector;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Replication;
using Serverless.Platforms.Local.Instances;
using Serverless.Platforms.Local.Secrets;
using Serverless.Platforms;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;
using Serverless.Testing;
using Xunit;

namespace Serverless.Orchestrations.Tests.Instances;

/// <summary>
/// One "host" for the test class, composed as the local host composes it (<see cref="ControlPlane.AddControlPlane"/>):
/// the real local platform under a temp state root, a local secret store, Azurite holding the catalog, the backup
/// artifacts and the durable task hub, and the Durable Task Framework running the instance and backup orchestrations.
/// Disposing deletes every server left.
/// </summary>
public sealed class InstanceHarness : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private IHost? _host;

    public InstanceHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "serverless-orchestrations-tests", Guid.NewGuid().ToString("N")[..12]);
        Secrets = new LocalSecretStore(Path.Combine(Root, "secrets"));
        Platform = new LocalDatabasePlatform(new LocalDatabasePlatformOptions { StateRoot = Root }, Secrets);
    }

    public string Root { get; }

    public LocalSecretStore Secrets { get; }

    public LocalDatabasePlatform Platform { get; }

    /// <summary>The storage account (Azurite) of the catalog, the artifacts and the task hub.</summary>
    public string ConnectionString => _azurite.ConnectionString;

    public IDocumentStore Catalog { get; private set; } = null!;

    public DurableTaskClient Client { get; private set; } = null!;

    public InstanceService Instances { get; private set; } = null!;

    public BackupService Backups { get; private set; } = null!;

    public ReplicationService Replication { get; private set; } = null!;

    /// <summary>Where backups keep their artifacts (container <c>backups</c> on the harness's Azurite).</summary>
    public ArtifactStore Artifacts { get; private set; } = null!;

    public CatalogQueries Queries { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _host = await StartHostAsync(ConnectionString, "harness", Platform, Secrets);
        Catalog = _host.Services.GetRequiredService<IDocumentStore>();
        Client = _host.Services.GetRequiredService<DurableTaskClient>();
        Instances = _host.Services.GetRequiredService<InstanceService>();
        Backups = _host.Services.GetRequiredService<BackupService>();
        Replication = _host.Services.GetRequiredService<ReplicationService>();
        Artifacts = _host.Services.GetRequiredService<ArtifactStore>();
        Queries = _host.Services.GetRequiredService<CatalogQueries>();
    }

    /// <summary>
    /// Starts a control plane on <paramref name="taskHub"/> of the storage account, over <paramref name="platform"/>;
    /// <paramref name="configure"/> may replace services (for example an unreachable artifact store).
    /// </summary>
    public static async Task<IHost> StartHostAsync(
        string connectionString, string taskHub, IDatabasePlatform platform, ISecretStore secrets, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(platform).AddSingleton(secrets);
        builder.Services.AddControlPlane(new ControlPlaneOptions { Storage = new() { ConnectionString = connectionString } });
        builder.Services.AddLocalDurableRuntime(
            new DurableRuntimeOptions { StorageConnectionString = connectionString, TaskHubName = taskHub }, ControlPlane.DataConverter, ControlPlane.AddTasks);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

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

    /// <summary>
    /// Fails unless there are catalog documents and orchestrations, and neither a catalog document nor an orchestration's
    /// input, output, custom status or history holds any of <paramref name="secrets"/>.
    /// </summary>
    public async Task AssertNoDocumentHoldsAsync(params string[] secrets)
    {
        var documents = await AllDocumentsAsync();
        Assert.Contains(documents, d => d.Key.StartsWith("catalog:", StringComparison.Ordinal));
        Assert.Contains(documents, d => d.Key.StartsWith("orchestration:", StringComparison.Ordinal));
        foreach (var (key, json) in documents)
        {
            foreach (var secret in secrets)
            {
                Assert.False(json.Contains(secret, StringComparison.Ordinal), $"{key} holds a secret.");
            }
        }
    }

    /// <summary>Every catalog document, and every orchestration's state and history, as text with a key saying what it is.</summary>
    public async Task<IReadOnlyList<(string Key, string Json)>> AllDocumentsAsync()
    {
        var documents = new List<(string, string)>();
        await foreach (var key in Catalog.ListKeysAsync(""))
        {
            if (await Catalog.GetAsync(key) is { } document)
            {
                documents.Add(($"catalog:{key}", Encoding.UTF8.GetString(document.Value.ToArray())));
            }
        }

        var taskHub = _host!.Services.GetRequiredService<AzureStorageOrchestrationService>();
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery(FetchInputsAndOutputs: true)))
        {
            var state = (await taskHub.GetOrchestrationStateAsync(instance.InstanceId, allExecutions: false))[0];
            var history = await taskHub.GetOrchestrationHistoryAsync(instance.InstanceId, state.OrchestrationInstance.ExecutionId);
            documents.Add(($"orchestration:{instance.InstanceId}", $"{instance.SerializedInput}\n{instance.SerializedOutput}\n{instance.SerializedCustomStatus}\n{history}"));
        }

        return documents;
    }

}
