using System.Text;
using Serverless.Durable;
using Serverless.MySql;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms;
using Serverless.Platforms.Local.Instances;
using Serverless.Platforms.Local.Secrets;
using Serverless.Storage.Documents;
using Xunit;

namespace Serverless.Orchestrations.Tests.Instances;

/// <summary>
/// One "host" for the test class: the real local platform under a temp state root, a local secret store,
/// in-memory catalog and durable stores, and a running engine. Disposing deletes every server left.
/// </summary>
public sealed class InstanceHarness : IAsyncLifetime
{
    public InstanceHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "serverless-orchestrations-tests", Guid.NewGuid().ToString("N")[..12]);
        Secrets = new LocalSecretStore(Path.Combine(Root, "secrets"));
        Platform = new LocalDatabasePlatform(new LocalDatabasePlatformOptions { StateRoot = Root }, Secrets);
        var registry = new DurableTaskRegistry(InstanceOrchestrations.TypeInfoResolver);
        InstanceOrchestrations.Register(registry, Platform, Secrets, Catalog);
        Engine = new DurableEngine(DurableStore, registry, new DurableEngineOptions { PollInterval = TimeSpan.FromMilliseconds(100) });
        Instances = new InstanceService(Catalog, Engine.Client, Secrets);
        Queries = new CatalogQueries(Catalog);
    }

    public string Root { get; }

    public LocalSecretStore Secrets { get; }

    public LocalDatabasePlatform Platform { get; }

    public InMemoryDocumentStore Catalog { get; } = new();

    public InMemoryDocumentStore DurableStore { get; } = new();

    public DurableEngine Engine { get; }

    public InstanceService Instances { get; }

    public CatalogQueries Queries { get; }

    public Task InitializeAsync() => Engine.StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await Engine.DisposeAsync();
        var servers = Path.Combine(Root, "servers");
        if (Directory.Exists(servers))
        {
            foreach (var record in Directory.EnumerateFiles(servers, "*.json"))
            {
                await Platform.DeleteAsync(Path.GetFileNameWithoutExtension(record), CancellationToken.None);
            }
        }

        Directory.Delete(Root, recursive: true);
    }

    /// <summary>Polls the instance until it has <paramref name="status"/>; fails at once on ERROR.</summary>
    public async Task<InstanceView> WaitForStatusAsync(string projectId, string instanceId, string status, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var instance = await Instances.GetAsync(projectId, instanceId, cts.Token);
            if (instance.Status == status)
            {
                return instance;
            }

            Assert.True(instance.Status != InstanceStatus.Error, $"Instance {instanceId} went to ERROR: {instance.Fault}");
            await Task.Delay(100, cts.Token);
        }
    }

    /// <summary>Polls until the instance is gone from the catalog.</summary>
    public async Task WaitUntilGoneAsync(string projectId, string instanceId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while ((await Instances.ListAsync(projectId, cts.Token)).Any(i => i.Id == instanceId))
        {
            await Task.Delay(100, cts.Token);
        }
    }

    /// <summary>Polls the operation until it is no longer RUNNING.</summary>
    public async Task<OperationView> WaitForOperationAsync(string projectId, string operationId)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            var operation = await Instances.GetOperationAsync(projectId, operationId, cts.Token);
            if (operation.Status != OperationStatus.Running)
            {
                return operation;
            }

            await Task.Delay(100, cts.Token);
        }
    }

    public static Task<MySqlConnection> ConnectAsync(InstanceView instance, string user, string password, string? database = null) =>
        MySqlConnection.OpenAsync(new MySqlConnectionOptions
        {
            Host = instance.Host!,
            Port = instance.Port!.Value,
            User = user,
            Password = password,
            Database = database,
            TlsMode = MySqlTlsMode.Preferred,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        });

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
