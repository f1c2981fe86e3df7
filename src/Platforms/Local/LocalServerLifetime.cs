using System.Diagnostics;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Serverless.Platforms.Local;

/// <summary>
/// The life of one local server process on its state directory, the same for every kind
/// (<see cref="MariaDbServer"/>, <see cref="AzuriteServer"/>): claiming the state directory (stopping
/// a leftover server, writing the owner record), launching until the server answers, stopping it
/// and deleting the state on dispose. The servers keep only what is their own: configuration,
/// readiness probe, credentials.
/// </summary>
internal sealed class LocalServerLifetime : IAsyncDisposable
{
    private const int MaxPortAttempts = 5;
    private const int LogTailLines = 30;
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(50);

    private readonly LocalServerKind kind;
    private readonly ILocalServerOptions options;
    private readonly ILogger logger;
    private LocalServerProcess process;
    private int disposed;

    private LocalServerLifetime(LocalServerKind kind, string stateDirectory, ILocalServerOptions options, ILogger logger, LocalServerProcess process, int port)
    {
        this.kind = kind;
        this.options = options;
        this.logger = logger;
        this.process = process;
        StateDirectory = stateDirectory;
        Port = port;
    }

    /// <summary>The state directory, as a full path.</summary>
    public string StateDirectory { get; }

    /// <summary>The TCP port the server listens on; a restart keeps it.</summary>
    public int Port { get; }

    /// <summary>The server's process id.</summary>
    public int ProcessId => process.ServerProcessId;

    /// <summary>True once the server has exited, for whatever reason.</summary>
    public bool HasExited => process.HasExited;

    /// <summary>The server's exit code (128 + signal when killed); null while it runs.</summary>
    public int? ExitCode => process.ExitCode;

    /// <summary>True once <see cref="DisposeAsync"/> has been called.</summary>
    public bool IsDisposed => Volatile.Read(ref disposed) != 0;

    /// <summary>
    /// The state directory a start uses: <see cref="ILocalServerOptions.StateDirectory"/>, or a fresh
    /// name under <paramref name="sharedRoot"/> made of the server name and random hex digits.
    /// </summary>
    public static string StateDirectoryFor(string sharedRoot, ILocalServerOptions options) =>
        Path.GetFullPath(options.StateDirectory
            ?? Path.Combine(sharedRoot, $"{SanitizeName(options.Name)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}"));

    /// <summary>
    /// Creates <paramref name="stateDirectory"/> (mode 0700) or stops a leftover server on it, records
    /// the current process as owner, lets <paramref name="prepareAsync"/> fill it, launches until the
    /// server answers and records the server process. A state directory this start created is deleted
    /// again when the start fails.
    /// </summary>
    /// <exception cref="InvalidOperationException">The state directory is in use by a live server of a live owner.</exception>
    [SupportedOSPlatform("linux")]
    public static async Task<LocalServerLifetime> StartAsync(
        LocalServerKind kind,
        string stateDirectory,
        ILocalServerOptions options,
        ILogger logger,
        Func<CancellationToken, Task<LocalServerLaunch>> prepareAsync,
        CancellationToken cancellationToken)
    {
        var createdState = !Directory.Exists(stateDirectory);
        try
        {
            Directory.CreateDirectory(stateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            await OrphanedServerSweeper.StopLeftoverServerAsync(stateDirectory, kind, options.StopTimeout, logger, cancellationToken).ConfigureAwait(false);
            WriteOwnerRecord(stateDirectory, serverProcessId: 0, options.Guarded);
            var launch = await prepareAsync(cancellationToken).ConfigureAwait(false);
            var (process, port) = await LaunchUntilReadyAsync(kind, stateDirectory, launch, options, options.Port, logger, cancellationToken).ConfigureAwait(false);
            WriteOwnerRecord(stateDirectory, process.ServerProcessId, options.Guarded);
            return new LocalServerLifetime(kind, stateDirectory, options, logger, process, port);
        }
        catch
        {
            if (createdState)
            {
                kind.DeleteState(stateDirectory);
            }

            throw;
        }
    }

    /// <summary>Stops the server if it still runs and launches it again on <see cref="Port"/> and the same state directory.</summary>
    public async Task RestartAsync(LocalServerLaunch launch, CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken).ConfigureAwait(false);
        process.Dispose();
        (process, _) = await LaunchUntilReadyAsync(kind, StateDirectory, launch, options, Port, logger, cancellationToken).ConfigureAwait(false);
        WriteOwnerRecord(StateDirectory, process.ServerProcessId, options.Guarded);
    }

    /// <summary>
    /// Shuts the server down cleanly (SIGTERM) and waits for it to exit; kills it (SIGKILL) if it
    /// takes longer than <see cref="ILocalServerOptions.StopTimeout"/> or the stop is cancelled.
    /// Does nothing if the server has already exited.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (process.HasExited)
        {
            return;
        }

        LocalServerLog.Stopping(logger, kind.DisplayName, options.Name, ProcessId);
        if (!await process.StopAsync(options.StopTimeout, cancellationToken).ConfigureAwait(false))
        {
            LocalServerLog.StopTimedOut(logger, kind.DisplayName, options.Name, ProcessId, options.StopTimeout);
        }
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public void Kill() => process.Kill();

    /// <summary>Completes when the server has exited.</summary>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => process.WaitForExitAsync(cancellationToken);

    /// <summary>Stops the server and, if <see cref="ILocalServerOptions.DeleteStateOnDispose"/>, deletes its state directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            process.Dispose();
            if (options.DeleteStateOnDispose)
            {
                kind.DeleteState(StateDirectory);
            }
        }
    }

    private static void WriteOwnerRecord(string stateDirectory, int serverProcessId, bool guarded) =>
        ServerOwnerRecord.ForCurrentProcess(serverProcessId, guarded).Write(ServerOwnerRecord.PathIn(stateDirectory));

    /// <summary>
    /// Launches the server on <paramref name="port"/>, or on a free port when it is null (then, when
    /// the port gets taken before the server binds it, again on another one), until it answers.
    /// </summary>
    private static async Task<(LocalServerProcess Process, int Port)> LaunchUntilReadyAsync(
        LocalServerKind kind,
        string stateDirectory,
        LocalServerLaunch launch,
        ILocalServerOptions options,
        int? port,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var attemptPort = port ?? FreePort.Find(launch.BindAddress);
            var arguments = await launch.PrepareAsync(attemptPort, cancellationToken).ConfigureAwait(false);
            var logOffset = ServerLogFile.EndOffset(launch.LogFile);
            var address = launch.Address(attemptPort);

            LocalServerLog.Starting(logger, kind.DisplayName, options.Name, address, stateDirectory);
            var stopwatch = Stopwatch.StartNew();
            LocalServerProcess? process = null;
            try
            {
                process = await LocalServerProcess.LaunchAsync(launch.Executable, launch.Label, launch.LogFile, options.Guarded, arguments, cancellationToken).ConfigureAwait(false);
                var failure = await WaitUntilReadyAsync(process, launch, attemptPort, options.StartTimeout, cancellationToken).ConfigureAwait(false);
                if (failure is null)
                {
                    LocalServerLog.Ready(logger, kind.DisplayName, options.Name, process.ServerProcessId, stopwatch.ElapsedMilliseconds);
                    var ready = process;
                    process = null;
                    return (ready, attemptPort);
                }

                var log = ServerLogFile.ReadFrom(launch.LogFile, logOffset);
                if (process.HasExited && port is null && attempt < MaxPortAttempts && log.Contains(launch.PortTakenMessage, StringComparison.Ordinal))
                {
                    LocalServerLog.PortTaken(logger, kind.DisplayName, options.Name, attemptPort);
                    continue;
                }

                throw launch.StartFailed(failure, ServerLogFile.Tail(log, LogTailLines));
            }
            finally
            {
                launch.AfterAttempt?.Invoke();
                if (process is not null)
                {
                    process.Kill();
                    await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                    process.Dispose();
                }
            }
        }
    }

    /// <summary>Null once the server answers; otherwise why it is not going to.</summary>
    private static async Task<string?> WaitUntilReadyAsync(LocalServerProcess process, LocalServerLaunch launch, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                return $"{launch.Label} exited with code {process.ExitCode}";
            }

            if (await launch.AnswersAsync(port, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            if (stopwatch.Elapsed > timeout)
            {
                return $"{launch.Label} did not answer on {launch.Address(port)} within {timeout.TotalSeconds:0} s";
            }

            await Task.Delay(ProbeInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string SanitizeName(string name) =>
        new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
}
