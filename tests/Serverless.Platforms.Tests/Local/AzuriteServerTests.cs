using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Platforms.Local;
using Xunit;

namespace Serverless.Platforms.Tests.Local;

public sealed class AzuriteServerTests : IDisposable
{
    // Sweep tests use their own root, so that parallel starts sweeping the shared root cannot interfere.
    private readonly string sweepRoot = Path.Combine(Path.GetTempPath(), $"serverless-azurite-sweep-test-{Guid.NewGuid():N}");

    [Fact]
    public async Task StartAsync_ServesHttpOnItsOwnPortAndDirectory_AndDisposeRemovesBoth()
    {
        var first = await AzuriteServer.StartAsync(new AzuriteServerOptions { Name = "first" }, CancellationToken.None);
        string firstDirectory;
        int firstProcess;
        await using (first)
        {
            await using var second = await AzuriteServer.StartAsync(new AzuriteServerOptions { Name = "second" }, CancellationToken.None);

            Assert.NotEqual(first.Port, second.Port);
            Assert.NotEqual(first.StateDirectory, second.StateDirectory);
            Assert.Equal($"http://127.0.0.1:{first.Port}/devstoreaccount1", first.BlobEndpoint.AbsoluteUri);
            Assert.Contains($"BlobEndpoint={first.BlobEndpoint}", first.ConnectionString, StringComparison.Ordinal);
            Assert.True(await AnswersAsync(first.BlobEndpoint));
            Assert.True(await AnswersAsync(second.BlobEndpoint));
            firstDirectory = first.StateDirectory;
            firstProcess = first.ProcessId;
        }

        Assert.False(LinuxProcess.IsAlive(firstProcess));
        Assert.False(Directory.Exists(firstDirectory));
    }

    [Fact]
    public async Task RestartAsync_AfterAKill_ServesAgainOnTheSamePort()
    {
        await using var server = await AzuriteServer.StartAsync(new AzuriteServerOptions { Name = "restart" }, CancellationToken.None);
        var killed = server.ProcessId;

        server.Kill();
        await server.WaitForExitAsync(CancellationToken.None);
        await server.RestartAsync(CancellationToken.None);

        Assert.False(LinuxProcess.IsAlive(killed));
        Assert.NotEqual(killed, server.ProcessId);
        Assert.True(await AnswersAsync(server.BlobEndpoint));
    }

    [Fact]
    public async Task Sweep_KillsAzuriteAndRemovesItsState_WhenItsOwnerIsGone()
    {
        await using var server = await AzuriteServer.StartAsync(
            new AzuriteServerOptions { Name = "orphan", StateDirectory = Path.Combine(sweepRoot, "orphan") }, CancellationToken.None);
        var ownerFile = Path.Combine(server.StateDirectory, ServerOwnerRecord.FileName);
        // Pretend the owner died (its watchdog would have killed Azurite already; this is the sweeper's case).
        (ServerOwnerRecord.TryRead(ownerFile)! with { OwnerProcessId = int.MaxValue }).Write(ownerFile);

        await OrphanedServerSweeper.SweepAsync(sweepRoot, AzuriteServer.Kind, NullLogger.Instance, CancellationToken.None);

        Assert.True(await LinuxProcess.WaitForDeathAsync(server.ProcessId, TimeSpan.FromSeconds(5), CancellationToken.None));
        Assert.False(Directory.Exists(server.StateDirectory));
    }

    [Fact]
    public async Task Sweep_LeavesAzuriteOfLiveOwnersAlone()
    {
        await using var server = await AzuriteServer.StartAsync(
            new AzuriteServerOptions { Name = "owned", StateDirectory = Path.Combine(sweepRoot, "owned") }, CancellationToken.None);

        await OrphanedServerSweeper.SweepAsync(sweepRoot, AzuriteServer.Kind, NullLogger.Instance, CancellationToken.None);

        Assert.True(LinuxProcess.IsAlive(server.ProcessId));
        Assert.True(await AnswersAsync(server.BlobEndpoint));
    }

    [Fact]
    public async Task StartAsync_WithAMissingProgram_FailsWithItsOutput()
    {
        var e = await Assert.ThrowsAsync<AzuriteServerStartException>(() => AzuriteServer.StartAsync(
            new AzuriteServerOptions { Name = "missing", ExecutablePath = "/nonexistent/azurite-blob" }, CancellationToken.None));

        Assert.Contains("exited with code 127", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(sweepRoot))
        {
            Directory.Delete(sweepRoot, recursive: true);
        }
    }

    private static async Task<bool> AnswersAsync(Uri endpoint)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var response = await http.GetAsync(new Uri($"{endpoint}?comp=list"));
        return (int)response.StatusCode is >= 200 and < 500;
    }
}
