using System.Diagnostics;
using System.Globalization;

namespace Serverless.Platforms.Local;

/// <summary>
/// One launched <c>mariadbd</c>, started in its own session through <c>setsid</c> so that a
/// Ctrl-C in the owner's terminal reaches only the owner, which then shuts the server down
/// cleanly. Guarded servers run under a watchdog shell that kills them once the owner is gone.
/// </summary>
/// <remarks>
/// PR_SET_PDEATHSIG (<c>setpriv --pdeathsig</c>) cannot do the watchdog's job from .NET: it
/// fires when the thread that forked the child exits, and .NET forks from pool threads.
/// </remarks>
internal sealed class MariaDbProcess : IDisposable
{
    // $1 owner pid, $2 log file, $3... the mariadbd command. Prints the mariadbd pid, then waits
    // for mariadbd and exits with its status. A background loop polls the owner and SIGKILLs
    // mariadbd when the owner has exited or is a zombie, which also covers an owner killed with
    // SIGKILL, where no cleanup code of the owner runs.
    private const string GuardedScript = """
        owner=$1; log=$2; shift 2
        "$@" </dev/null >>"$log" 2>&1 &
        server=$!
        echo "$server"
        owner_alive() {
          [ -r "/proc/$owner/status" ] || return 1
          while read -r key value rest; do
            if [ "$key" = "State:" ]; then
              [ "$value" != "Z" ] && [ "$value" != "X" ]
              return
            fi
          done < "/proc/$owner/status"
          return 1
        }
        (
          while owner_alive; do sleep 0.5; done
          kill -KILL "$server" 2>/dev/null
        ) </dev/null >/dev/null 2>&1 &
        guard=$!
        wait "$server"
        status=$?
        kill "$guard" 2>/dev/null
        exit "$status"
        """;

    // $1 log file, $2... the mariadbd command. Prints its own pid, which mariadbd then keeps.
    private const string UnguardedScript = """
        log=$1; shift
        echo "$$"
        exec "$@" </dev/null >>"$log" 2>&1
        """;

    private readonly Process launcher;
    private int? exitCodeAfterDispose;
    private bool disposed;

    private MariaDbProcess(Process launcher, int serverProcessId)
    {
        this.launcher = launcher;
        ServerProcessId = serverProcessId;
    }

    /// <summary>The <c>mariadbd</c> process id.</summary>
    public int ServerProcessId { get; }

    /// <summary>True once <c>mariadbd</c> has exited.</summary>
    public bool HasExited => disposed ? exitCodeAfterDispose is not null : launcher.HasExited;

    /// <summary>The exit code of <c>mariadbd</c> (128 + signal when killed); null while it runs.</summary>
    public int? ExitCode => disposed ? exitCodeAfterDispose : launcher.HasExited ? launcher.ExitCode : null;

    /// <summary>Starts <c>mariadbd</c> with <paramref name="arguments"/>; its stdout and stderr are appended to the error log.</summary>
    public static async Task<MariaDbProcess> LaunchAsync(
        MariaDbExecutables executables, MariaDbStateLayout layout, bool guarded, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, UseShellExecute = false };
        // -w: should setsid have to fork (only when it is a process group leader), it waits for the
        // shell, so the launcher still lives exactly as long as mariadbd.
        startInfo.ArgumentList.Add("-w");
        startInfo.ArgumentList.Add("/bin/sh");
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(guarded ? GuardedScript : UnguardedScript);
        startInfo.ArgumentList.Add(guarded ? "mariadbd-watchdog" : "mariadbd-launcher");
        if (guarded)
        {
            startInfo.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        }

        startInfo.ArgumentList.Add(layout.ErrorLog);
        startInfo.ArgumentList.Add(executables.Server);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var launcher = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start setsid.");
        try
        {
            var line = await launcher.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var serverProcessId))
            {
                throw new InvalidOperationException($"The mariadbd launcher for '{layout.StateDirectory}' did not report a process id (got '{line}').");
            }

            return new MariaDbProcess(launcher, serverProcessId);
        }
        catch
        {
            launcher.Kill(entireProcessTree: true);
            launcher.Dispose();
            throw;
        }
    }

    /// <summary>Asks <c>mariadbd</c> for a clean shutdown (SIGTERM).</summary>
    public void Terminate()
    {
        if (!HasExited)
        {
            LinuxProcess.Signal(ServerProcessId, LinuxProcess.SigTerm);
        }
    }

    /// <summary>Kills <c>mariadbd</c> at once (SIGKILL).</summary>
    public void Kill()
    {
        if (!HasExited)
        {
            LinuxProcess.Signal(ServerProcessId, LinuxProcess.SigKill);
        }
    }

    /// <summary>Completes when <c>mariadbd</c> has exited.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed && exitCodeAfterDispose is null, this);
        return disposed ? Task.CompletedTask : launcher.WaitForExitAsync(cancellationToken);
    }

    /// <summary>Releases the launcher process handle; the exit state stays readable.</summary>
    public void Dispose()
    {
        if (!disposed)
        {
            exitCodeAfterDispose = launcher.HasExited ? launcher.ExitCode : null;
            disposed = true;
            launcher.Dispose();
        }
    }
}
