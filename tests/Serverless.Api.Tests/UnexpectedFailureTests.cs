using System.Collections.Concurrent;
using System.Net;
using Azure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Configurations;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms.Local.Secrets;
using Serverless.Storage.Documents;
using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

public sealed class UnexpectedFailureTests
{
    private const string Internals = "connection string Password=hunter2 at blob://internal";

    [Fact]
    public async Task UnexpectedFailure_Is500InstanceFault_WithARequestIdButNoInternals()
    {
        var root = Path.Combine(Path.GetTempPath(), "serverless-api-tests", Guid.NewGuid().ToString("N")[..12]);
        var failing = new FailingDocumentStore();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var logs = new ConcurrentQueue<string>();
        builder.Logging.ClearProviders().AddProvider(new QueueLoggerProvider(logs));
        builder.Services.AddSingleton(new InstanceService(failing, new NoOrchestrations(), new LocalSecretStore(root)));
        builder.Services.AddSingleton(new CatalogQueries(failing));
        builder.Services.AddSingleton(new InstanceChangeService(failing, new NoOrchestrations()));
        builder.Services.AddSingleton(new ConfigurationService(failing, new NoOrchestrations(), new CatalogQueries(failing)));
        builder.Services.AddTroveApi(options => options.ProjectTokens["alpha"] = "t");
        await using var app = builder.Build();
        app.MapTroveApi();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
        client.DefaultRequestHeaders.Add("X-Auth-Token", "t");

        foreach (var path in new[] { "/v1.0/alpha/instances", "/v1.0/alpha/flavors" })
        {
            var message = await TroveResponse.FaultAsync(await client.GetAsync(path), 500, "instanceFault");

            Assert.DoesNotContain("hunter2", message, StringComparison.Ordinal);
            Assert.DoesNotContain("blob://", message, StringComparison.Ordinal);
            Assert.Contains("request id", message, StringComparison.Ordinal);
        }

        Assert.Contains(logs, line => line.Contains("failed unexpectedly", StringComparison.Ordinal));
        await app.StopAsync();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class FailingDocumentStore : IDocumentStore
    {
        public Task<StoredDocument?> GetAsync(string key, CancellationToken cancellationToken = default) => throw new InvalidOperationException(Internals);

        public Task<ETag> CreateAsync(string key, BinaryData json, CancellationToken cancellationToken = default) => throw new InvalidOperationException(Internals);

        public Task<ETag> ReplaceAsync(string key, BinaryData json, ETag ifMatch, CancellationToken cancellationToken = default) => throw new InvalidOperationException(Internals);

        public Task DeleteAsync(string key, ETag ifMatch, CancellationToken cancellationToken = default) => throw new InvalidOperationException(Internals);

        public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default) => throw new InvalidOperationException(Internals);
    }

    /// <summary>A client for a request that never reaches an orchestration: every call fails.</summary>
    private sealed class NoOrchestrations() : DurableTaskClient("none")
    {
        public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) => throw new NotSupportedException();

        public override Microsoft.DurableTask.AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) => throw new NotSupportedException();

        public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
