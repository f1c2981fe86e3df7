using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Orchestrations.ArtifactKeys;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms;
using Serverless.Storage.Documents;
using Xunit;

namespace Serverless.Orchestrations.Tests.Instances;

/// <summary>What a failed step leaves behind, on a platform that refuses to provision.</summary>
public sealed class InstanceFailureTests(InstanceHarness harness) : IClassFixture<InstanceHarness>
{
    [Fact]
    public async Task Create_WhenProvisioningFails_LeavesTheInstanceInError_WithTheFault_AndItCanBeDeleted()
    {
        var secrets = new InMemorySecretStore();
        var platform = new RefusingPlatform();
        using var host = await InstanceHarness.StartHostAsync(harness.ConnectionString, "refusing", platform, secrets);
        var service = host.Services.GetRequiredService<InstanceService>();

        var created = await service.CreateAsync("p", new CreateInstanceRequest("doomed", "1", 1, null, null, [], [new CreateUserRequest("u", "pw-Secret-1", "%", [])]), CancellationToken.None);
        var operation = await PollAsync(() => service.GetOperationAsync("p", created.OperationId!, CancellationToken.None), o => o.Status != OperationStatus.Running);

        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Equal("provision-server", operation.CurrentStep);
        Assert.Contains("no capacity", operation.Error, StringComparison.Ordinal);
        var instance = await service.GetAsync("p", created.Id, CancellationToken.None);
        Assert.Equal(InstanceStatus.Error, instance.Status);
        Assert.Equal(operation.Error, instance.Fault);
        await Assert.ThrowsAsync<InstanceBusyException>(() => service.RestartAsync("p", created.Id, CancellationToken.None));

        var delete = await service.DeleteAsync("p", created.Id, CancellationToken.None);
        var deleted = await PollAsync(() => service.GetOperationAsync("p", delete.Id, CancellationToken.None), o => o.Status != OperationStatus.Running);
        Assert.Equal(OperationStatus.Completed, deleted.Status);
        Assert.Empty(await service.ListAsync("p", CancellationToken.None));
        Assert.Contains(created.Id, platform.Deleted);
        // The instance's secrets are gone; what is left is the control plane's own artifact key (by id only, never printed).
        Assert.Equal([SecretStoreArtifactKeyProvider.SecretIdOf(new ArtifactKeyOptions().CurrentKeyId)], secrets.Values.Keys);
    }

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(50, cts.Token);
        }
    }

    private sealed class InMemorySecretStore : ISecretStore
    {
        public ConcurrentDictionary<string, string> Values { get; } = new();

        public Task<string> CreateAsync(string secretId, string value, CancellationToken cancellationToken) => Task.FromResult(Values.GetOrAdd(secretId, value));

        public Task<string?> GetAsync(string secretId, CancellationToken cancellationToken) => Task.FromResult(Values.TryGetValue(secretId, out var v) ? v : null);

        public Task DeleteAsync(string secretId, CancellationToken cancellationToken)
        {
            Values.TryRemove(secretId, out _);
            return Task.CompletedTask;
        }
    }

    private sealed class RefusingPlatform : IDatabasePlatform
    {
        public ConcurrentBag<string> Deleted { get; } = [];

        public Task<ServerEndpoint> ProvisionAsync(ServerSpec spec, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"The platform has no capacity for server {spec.ServerId}.");

        public Task DeleteAsync(string serverId, CancellationToken cancellationToken)
        {
            Deleted.Add(serverId);
            return Task.CompletedTask;
        }

        public Task<ServerAdminAccess> GetAdminAccessAsync(string serverId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task StartAsync(string serverId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task StopAsync(string serverId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RestartAsync(string serverId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task ResizeAsync(string serverId, FlavorSpec? flavor, int? volumeGigabytes, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> ApplyParametersAsync(string serverId, IReadOnlyList<ServerParameterSetting> parameters, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ServerStatus> GetStatusAsync(string serverId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<ServerStatus>> ReconcileAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
