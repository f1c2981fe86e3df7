using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Platforms.Local;
using Xunit;

namespace Serverless.Platforms.Tests.Local;

public sealed class MariaDbServerOrphanTests : IDisposable
{
    // The sweep tests use their own root: a start in a parallel test process sweeps the shared
    // root and would remove the orphans these tests observe before they look.
    private readonly string sweepRoot = Path.Combine(Path.GetTempPath(), $"serverless-sweep-test-{Guid.NewGuid():N}");

    [Fact]
    public async Task GuardedServer_DiesWhenOwnerIsKilledWithSigkill()
    {
        await using var owner = await GuardedOwner.StartAsync(stateDirectory: null);

        ProcessTable.KillHard(owner.Process.Id);

        Assert.True(await LinuxProcess.WaitForDeathAsync(owner.ServerProcessId, TimeSpan.FromSeconds(5), CancellationToken.None), "mariadbd outlived its owner");
    }

    [Fact]
    public async Task Sweep_KillsServerAndRemovesState_WhenOwnerAndWatchdogAreGone()
    {
        await using var owner = await GuardedOwner.StartAsync(Path.Combine(sweepRoot, "orphan"));
        var session = ProcessTable.SessionOf(owner.ServerProcessId);
        for (var round = 0; round < 20; round++)
        {
            var watchdog = ProcessTable.SessionMembers(session).Where(pid => pid != owner.ServerProcessId).ToList();
            if (watchdog.Count == 0)
            {
                break;
            }

            watchdog.ForEach(ProcessTable.KillHard);
        }

        ProcessTable.KillHard(owner.Process.Id);
        await Task.Delay(1500);
        Assert.True(LinuxProcess.IsAlive(owner.ServerProcessId), "without its watchdog, mariadbd should have outlived the owner");

        await OrphanedServerSweeper.SweepAsync(sweepRoot, NullLogger.Instance, CancellationToken.None);

        Assert.False(LinuxProcess.IsAlive(owner.ServerProcessId));
        Assert.False(Directory.Exists(owner.StateDirectory));
    }

    [Fact]
    public async Task Sweep_LeavesServersOfLiveOwnersAlone()
    {
        await using var owner = await GuardedOwner.StartAsync(Path.Combine(sweepRoot, "owned"));

        await OrphanedServerSweeper.SweepAsync(sweepRoot, NullLogger.Instance, CancellationToken.None);

        Assert.True(LinuxProcess.IsAlive(owner.ServerProcessId));
        Assert.True(Directory.Exists(owner.StateDirectory));
    }

    [Fact]
    public async Task Sweep_LeavesUnguardedServersAlone()
    {
        var options = new MariaDbServerOptions { Name = "unguarded", StateDirectory = Path.Combine(sweepRoot, "unguarded"), Guarded = false };
        await using var server = await MariaDbServer.StartAsync(options, CancellationToken.None);
        var record = ServerOwnerRecord.TryRead(Path.Combine(server.StateDirectory, "owner.json"))!;
        // Pretend the owner died: only the guarded flag may protect the server now.
        (record with { OwnerProcessId = int.MaxValue }).Write(Path.Combine(server.StateDirectory, "owner.json"));

        await OrphanedServerSweeper.SweepAsync(sweepRoot, NullLogger.Instance, CancellationToken.None);

        Assert.True(LinuxProcess.IsAlive(server.ProcessId));
        Assert.Equal("1", await MariaDbCommandLine.QueryAsync(server, "SELECT 1"));
    }

    [Fact]
    public async Task Start_StopsTheLeftoverServer_OfAnOwnerKilledBeforeItRecordedTheServer()
    {
        var stateDirectory = Path.Combine(sweepRoot, "cut-short");
        var options = new MariaDbServerOptions { Name = "cut-short", StateDirectory = stateDirectory, Guarded = false, DeleteStateOnDispose = false };
        await using var leftover = await MariaDbServer.StartAsync(options, CancellationToken.None);
        var ownerFile = Path.Combine(stateDirectory, "owner.json");
        // What an owner killed while the server was starting leaves: a dead owner and no server pid.
        (ServerOwnerRecord.TryRead(ownerFile)! with { OwnerProcessId = int.MaxValue, ServerProcessId = 0 }).Write(ownerFile);

        await using var restarted = await MariaDbServer.StartAsync(options with { DeleteStateOnDispose = true }, CancellationToken.None);

        Assert.True(await LinuxProcess.WaitForDeathAsync(leftover.ProcessId, TimeSpan.FromSeconds(5), CancellationToken.None), "the unrecorded leftover mariadbd still runs beside the new one");
        Assert.True(LinuxProcess.IsAlive(restarted.ProcessId));
        Assert.Equal("1", await MariaDbCommandLine.QueryAsync(restarted, "SELECT 1"));
    }

    public void Dispose()
    {
        if (Directory.Exists(sweepRoot))
        {
            Directory.Delete(sweepRoot, recursive: true);
        }
    }

    /// <summary>A separate dotnet process that owns a guarded server (tests/Serverless.Platforms.GuardedOwner).</summary>
    private sealed class GuardedOwner : IAsyncDisposable
    {
        private GuardedOwner(Process process, int serverProcessId, string stateDirectory)
        {
            Process = process;
            ServerProcessId = serverProcessId;
            StateDirectory = stateDirectory;
        }

        public Process Process { get; }

        public int ServerProcessId { get; }

        public string StateDirectory { get; }

        public static async Task<GuardedOwner> StartAsync(string? stateDirectory)
        {
            var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
            var program = Path.Combine(AppContext.BaseDirectory, "Serverless.Platforms.GuardedOwner.dll");
            var startInfo = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, UseShellExecute = false };
            startInfo.ArgumentList.Add(program);
            if (stateDirectory is not null)
            {
                startInfo.ArgumentList.Add(stateDirectory);
            }

            var process = Process.Start(startInfo)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"The guarded owner exited with {process.ExitCode} before reporting its server.");
            var parts = line.Split(' ', 2);
            return new GuardedOwner(process, int.Parse(parts[0], CultureInfo.InvariantCulture), parts[1]);
        }

        public async ValueTask DisposeAsync()
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                await Process.WaitForExitAsync();
            }

            Process.Dispose();

            // The next start would sweep it; a test should not leave it behind meanwhile. A start in a
            // parallel test may be sweeping it right now, so parts of it can vanish under the delete.
            if (await LinuxProcess.WaitForDeathAsync(ServerProcessId, TimeSpan.FromSeconds(5), CancellationToken.None) && Directory.Exists(StateDirectory))
            {
                try
                {
                    Directory.Delete(StateDirectory, recursive: true);
                }
                catch (DirectoryNotFoundException)
                {
                }
            }
        }
    }
}
