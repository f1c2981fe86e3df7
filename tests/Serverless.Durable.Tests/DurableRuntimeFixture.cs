using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Durable.TestWorker;
using Serverless.Testing;
using Xunit;

namespace Serverless.Durable.Tests;

/// <summary>
/// Azurite (Blob, Queue, Table) and one running local durable runtime with the test tasks, shared by a test class;
/// a scratch directory for the files activities write.
/// </summary>
public sealed class DurableRuntimeFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private IHost? _host;

    public DurableTaskClient Client { get; private set; } = null!;

    public string ConnectionString => _azurite.ConnectionString;

    public string Scratch { get; } = Directory.CreateTempSubdirectory("serverless-durable-tests-").FullName;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _host = CreateHost(ConnectionString, "runtimetests");
        await _host.StartAsync();
        Client = _host.Services.GetRequiredService<DurableTaskClient>();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }

        await _azurite.DisposeAsync();
        Directory.Delete(Scratch, recursive: true);
    }

    /// <summary>A host with the runtime and the test tasks; its worker runs only once the host is started.</summary>
    public static IHost CreateHost(string connectionString, string taskHub)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddLocalDurableRuntime(
            new DurableRuntimeOptions { StorageConnectionString = connectionString, TaskHubName = taskHub }, TestTasks.Converter, TestTasks.Register);
        return builder.Build();
    }

    /// <summary>A token that ends a wait after <paramref name="seconds"/>.</summary>
    public static CancellationToken Deadline(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
