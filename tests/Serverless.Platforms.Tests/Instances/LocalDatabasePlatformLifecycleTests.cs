using System.Diagnostics;
using Serverless.Platforms.Local;
using Serverless.Testing;
using Xunit;

namespace Serverless.Platforms.Tests.Instances;

public sealed class LocalDatabasePlatformLifecycleTests
{
    [Fact]
    public async Task StopStartRestart_ChangeTheStatus_AndKeepTheData()
    {
        await using var root = new LocalPlatformRoot();
        var spec = LocalPlatformRoot.Spec("lifecycle-1");
        var endpoint = await root.Platform.ProvisionAsync(spec, CancellationToken.None);
        await using (var admin = await root.ConnectAdminAsync(endpoint, spec.AdminSecretId))
        {
            await admin.ExecuteAsync("CREATE DATABASE kept");
        }

        await root.Platform.StopAsync(spec.ServerId, CancellationToken.None);
        await root.Platform.StopAsync(spec.ServerId, CancellationToken.None);
        Assert.Equal(ServerState.Stopped, (await root.Platform.GetStatusAsync(spec.ServerId, CancellationToken.None)).State);
        await Assert.ThrowsAnyAsync<Exception>(() => root.ConnectAdminAsync(endpoint, spec.AdminSecretId));
        var afterReconcile = Assert.Single(await root.NewPlatform().ReconcileAsync(CancellationToken.None));
        Assert.Equal(ServerState.Stopped, afterReconcile.State);

        await root.Platform.StartAsync(spec.ServerId, CancellationToken.None);
        var startedPid = root.Platform.ProcessIdOf(spec.ServerId);
        await root.Platform.RestartAsync(spec.ServerId, CancellationToken.None);

        var status = await root.Platform.GetStatusAsync(spec.ServerId, CancellationToken.None);
        Assert.Equal(ServerState.Running, status.State);
        Assert.Equal(endpoint, status.Endpoint);
        Assert.NotNull(startedPid);
        Assert.NotEqual(startedPid, root.Platform.ProcessIdOf(spec.ServerId));
        await using var again = await root.ConnectAdminAsync(endpoint, spec.AdminSecretId);
        Assert.Equal(1, await LocalPlatformRoot.ScalarAsync(again, "SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'kept'"));
    }

    [Fact]
    public async Task Delete_Twice_RemovesProcessStateAndSecret()
    {
        await using var root = new LocalPlatformRoot();
        var spec = LocalPlatformRoot.Spec("deleted-1");
        await root.Platform.ProvisionAsync(spec, CancellationToken.None);
        var pid = root.Platform.ProcessIdOf(spec.ServerId) ?? throw new InvalidOperationException("not running");

        await root.Platform.DeleteAsync(spec.ServerId, CancellationToken.None);
        await root.Platform.DeleteAsync(spec.ServerId, CancellationToken.None);

        Assert.False(LinuxProcess.IsAlive(pid));
        Assert.False(Directory.Exists(root.Platform.StateDirectoryOf(spec.ServerId)));
        Assert.False(File.Exists(root.Platform.RecordPath(spec.ServerId)));
        Assert.Null(await root.Secrets.GetAsync(spec.AdminSecretId, CancellationToken.None));
        Assert.Equal(ServerState.Missing, (await root.Platform.GetStatusAsync(spec.ServerId, CancellationToken.None)).State);
        await Assert.ThrowsAsync<ServerNotFoundException>(() => root.Platform.StartAsync(spec.ServerId, CancellationToken.None));
    }

    [Fact]
    public async Task Reconcile_AfterAHostRestart_AdoptsTheRunningServer_WhichTheNewHostCanStop()
    {
        await using var root = new LocalPlatformRoot();
        var spec = LocalPlatformRoot.Spec("adopted-1");
        var endpoint = await root.Platform.ProvisionAsync(spec, CancellationToken.None);
        var pid = root.Platform.ProcessIdOf(spec.ServerId);
        var restartedHost = root.NewPlatform();

        var status = Assert.Single(await restartedHost.ReconcileAsync(CancellationToken.None));

        Assert.Equal(ServerState.Running, status.State);
        Assert.Equal(endpoint, status.Endpoint);
        Assert.Equal(pid, restartedHost.ProcessIdOf(spec.ServerId));
        await restartedHost.StopAsync(spec.ServerId, CancellationToken.None);
        Assert.False(LinuxProcess.IsAlive(pid!.Value));
        Assert.Equal(ServerState.Stopped, (await restartedHost.GetStatusAsync(spec.ServerId, CancellationToken.None)).State);
    }

    [Fact]
    public async Task Reconcile_RestartsAKilledServer_OnTheSameEndpoint()
    {
        await using var root = new LocalPlatformRoot();
        var spec = LocalPlatformRoot.Spec("crashed-1");
        var endpoint = await root.Platform.ProvisionAsync(spec, CancellationToken.None);
        var pid = root.Platform.ProcessIdOf(spec.ServerId) ?? throw new InvalidOperationException("not running");
        var restartedHost = root.NewPlatform();

        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
        }

        Assert.True(await LinuxProcess.WaitForDeathAsync(pid, TimeSpan.FromSeconds(10), CancellationToken.None));
        Assert.Equal(ServerState.Failed, (await restartedHost.GetStatusAsync(spec.ServerId, CancellationToken.None)).State);
        var status = Assert.Single(await restartedHost.ReconcileAsync(CancellationToken.None));

        Assert.Equal(ServerState.Running, status.State);
        Assert.Equal(endpoint, status.Endpoint);
        Assert.NotEqual(pid, restartedHost.ProcessIdOf(spec.ServerId));
        await using var admin = await root.ConnectAdminAsync(endpoint, spec.AdminSecretId);
        Assert.Equal(1, await LocalPlatformRoot.ScalarAsync(admin, "SELECT 1"));
    }

    [Fact]
    public async Task Reconcile_ReportsAServerWhoseDataWasDeletedByHandAsMissing()
    {
        await using var root = new LocalPlatformRoot();
        var spec = LocalPlatformRoot.Spec("vanished-1");
        await root.Platform.ProvisionAsync(spec, CancellationToken.None);
        var pid = root.Platform.ProcessIdOf(spec.ServerId) ?? throw new InvalidOperationException("not running");
        var restartedHost = root.NewPlatform();

        Directory.Delete(root.Platform.StateDirectoryOf(spec.ServerId), recursive: true);
        var status = Assert.Single(await restartedHost.ReconcileAsync(CancellationToken.None));

        Assert.Equal(ServerState.Missing, status.State);
        Assert.Contains(spec.ServerId, status.Message, StringComparison.Ordinal);
        Assert.False(LinuxProcess.IsAlive(pid));
        await Assert.ThrowsAsync<ServerNotFoundException>(() => restartedHost.StartAsync(spec.ServerId, CancellationToken.None));
        await Assert.ThrowsAsync<ServerNotFoundException>(() => restartedHost.ProvisionAsync(spec, CancellationToken.None));
        await restartedHost.DeleteAsync(spec.ServerId, CancellationToken.None);
        Assert.Empty(await restartedHost.ReconcileAsync(CancellationToken.None));
    }
}
