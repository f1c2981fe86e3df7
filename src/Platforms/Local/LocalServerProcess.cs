using System.Diagnostics;
using System.Globalization;

namespace Serverless.Platforms.Local;

/// <summary>
/// One launched local server process (<c>mariadbd</c>, <c>azurite-blob</c>), started in its own
/// session through <c>setsid</c> so that a Ctrl-C in the owner's terminal reaches only the owner,
/// which then shuts the server down cleanly. Guarded servers run under a watchdog shell that
/// kills them once the owner is gone.
/// </summary>
/// <remarks>
/// PR_SET_PDEATHSIG (<c>setpriv --pdeathsig</c>) cannot do the watchdog's job from .NET: it
/// fires when the thread that forked the child exits, and .NET forks from pool threads.
/// </remarks>
internal sealed class LocalServerProcess : IDisposable
{
    // $1 owner pid, $2 log file, $3... the server command. Prints the server pid, then waits
    // for the server and exits with its status. A background loop polls the owner and SIGKILLs
    // the server when the owner has exited or is a zombie, which also covers an owner killed with
    // SIGKILL, where no cleanup code of the owner runs. The shell's own messages (such as
    // "Killed" when the server dies by a signal) go to the log too, not to the owner's stderr.
    private const string GuardedScript = """
        owner=$1; log=$2; shift 2
        exec 2>>"$log"
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

    // $1 log file, $2... the server command. Prints its own pid, which the server then keeps.
    private const string UnguardedScript = """
        log=$1; shift
        echo "$$"
        exec "$@" </dev/null >>"$log" 2>&1
        """;

    private readonly Process launcher;
    private int? exitCodeAfterDispose;
    private bool disposed;

    private LocalServerProcess(Process launcher, int serverProcessId)
    {
        this.launcher = launcher;
        ServerProcessId = serverProcessId;
    }

    /// <summary>The server's process id.</summary>
    public int ServerProcessId { get; }

    /// <summary>True once the server has exited.</summary>
    public bool HasExited => disposed ? exitCodeAfterDispose is not null : launcher.HasExited;

    /// <summary>The server's exit code (128 + signal when killed); null while it runs.</summary>
    public int? ExitCode => disposed ? exitCodeAfterDispose : launcher.HasExited ? launcher.ExitCode : null;

    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/>; its stdout and stderr are appended to <paramref name="logFile"/>.</summary>
    /// <param name="executable">The server program.</param>
    /// <param name="label">Short server name (<c>mariadbd</c>); the launcher shell shows up as <c>{label}-watchdog</c> or <c>{label}-launcher</c> in process lists.</param>
    /// <param name="logFile">Receives the server's stdout and stderr.</param>
    /// <param name="guarded">Whether a watchdog kills the server once the current process is gone.</param>
    /// <param name="arguments">The server's arguments.</param>
    /// <param name="cancellationToken">Cancels waiting for the server's process id; the launcher is then killed.</param>
    public static async Task<LocalServerProcess> LaunchAsync(
        string executable, string label, string logFile, bool guarded, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, UseShellExecute = false };
        // -w: should setsid have to fork (only when it is a process group leader), it waits for the
        // shell, so the launcher still lives exactly as long as the server.
        startInfo.ArgumentList.Add("-w");
        startInfo.ArgumentList.Add("/bin/sh");
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(guarded ? GuardedScript : UnguardedScript);
        startInfo.ArgumentList.Add(guarded ? $"{label}-watchdog" : $"{label}-launcher");
        if (guarded)
        {
            startInfo.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        }

        startInfo.ArgumentList.Add(logFile);
        startInfo.ArgumentList.Add(executable);
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
                throw new InvalidOperationException($"The {label} launcher (log '{logFile}') did not report a process id (got '{line}').");
            }

            return new LocalServerProcess(launcher, serverProcessId);
        }
        catch
        {
            launcher.Kill(entireProcessTree: true);
            launcher.Dispose();
            throw;
        }
    }

    /// <summary>Asks the server for a clean shutdown (SIGTERM).</summary>
    public void Terminate()
    {
        if (!HasExited)
        {
            LinuxProcess.Signal(ServerProcessId, LinuxProcess.SigTerm);
        }
    }

    /// <summary>Kills the server at once (SIGKILL).</summary>
    public void Kill()
    {
        if (!HasExited)
        {
            LinuxProcess.Signal(ServerProcessId, LinuxProcess.SigKill);
        }
    }

    /// <summary>
    /// Shuts the server down cleanly (SIGTERM) and waits for it to exit; kills it (SIGKILL) when it
    /// takes longer than <paramref name="timeout"/> or the stop is cancelled.
    /// </summary>
    /// <param name="timeout">How long a clean shutdown may take.</param>
    /// <param name="cancellationToken">Cancels the wait; the server is then killed and the cancellation thrown.</param>
    /// <returns>False when the server had to be killed after <paramref name="timeout"/>.</returns>
    public async Task<bool> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (HasExited)
        {
            return true;
        }

        Terminate();
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            Kill();
            await WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }

    /// <summary>Completes when the server has exited.</summary>
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
