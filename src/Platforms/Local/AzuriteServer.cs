using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;

namespace Serverless.Platforms.Local;

/// <summary>
/// A running Azurite (<c>azurite</c> from the repository's own <c>node_modules</c>) serving Blob,
/// Queue and Table on 127.0.0.1 with its own state directory: the storage account of the
/// one-machine setup and of the tests. Blobs hold the catalog and backup artifacts; queues,
/// tables and blobs together hold the durable task hub.
/// </summary>
/// <remarks>
/// The account is the emulator's well-known <c>devstoreaccount1</c>; connect with
/// <see cref="ConnectionString"/>. Azurite runs with <c>--disableTelemetry</c>, checks the API
/// version of requests (the clients pin ones this Azurite supports) and is not in loose mode,
/// so unsupported headers fail as they would against Azure. Guarded instances die with the owning
/// process like guarded MariaDB servers, and their state is swept by later starts.
/// </remarks>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>The emulator account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's well-known, publicly documented account key; worthless outside the emulator.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string ExecutableName = "azurite";

    // Unauthenticated probes get an error status at once; a slow answer is no answer.
    private static readonly HttpClient ProbeClient = new() { Timeout = TimeSpan.FromSeconds(2) };

    private readonly string executable;
    private readonly AzuriteStateLayout layout;
    private readonly LocalServerLifetime lifetime;
    private readonly AzuritePorts ports;

    private AzuriteServer(AzuriteServerOptions options, string executable, AzuriteStateLayout layout, LocalServerLifetime lifetime, AzuritePorts ports)
    {
        Options = options;
        this.executable = executable;
        this.layout = layout;
        this.lifetime = lifetime;
        this.ports = ports;
        BlobEndpoint = EndpointOn(Port);
        QueueEndpoint = EndpointOn(ports.QueuePort);
        TableEndpoint = EndpointOn(ports.TablePort);
    }

    /// <summary>
    /// The directory holding the state directories of servers without an explicit
    /// <see cref="AzuriteServerOptions.StateDirectory"/>: <c>{temp}/serverless-azurite</c>.
    /// </summary>
    public static string SharedRoot => Path.Combine(Path.GetTempPath(), "serverless-azurite");

    /// <summary>The options the server was started with.</summary>
    public AzuriteServerOptions Options { get; }

    /// <summary>The TCP port of the Blob service on 127.0.0.1.</summary>
    public int Port => lifetime.Port;

    /// <summary>The Blob endpoint, path-style: <c>http://127.0.0.1:{port}/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint { get; }

    /// <summary>The Queue endpoint, path-style, on a port of its own.</summary>
    public Uri QueueEndpoint { get; }

    /// <summary>The Table endpoint, path-style, on a port of its own.</summary>
    public Uri TableEndpoint { get; }

    /// <summary>A storage connection string for the account, with the explicit Blob, Queue and Table endpoints.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>The state directory: blob data, output, owner record.</summary>
    public string StateDirectory => layout.StateDirectory;

    /// <summary>Azurite's <c>--location</c>, where containers and blobs are stored.</summary>
    public string DataDirectory => layout.DataDirectory;

    /// <summary>Azurite's stdout and stderr.</summary>
    public string LogPath => layout.Log;

    /// <summary>Azurite's debug log; null unless <see cref="AzuriteServerOptions.DebugLog"/>.</summary>
    public string? DebugLogPath => Options.DebugLog ? layout.DebugLog : null;

    /// <summary>The process id of Azurite (<c>node</c> running <c>azurite</c>).</summary>
    public int ProcessId => lifetime.ProcessId;

    /// <summary>True once Azurite has exited, for whatever reason.</summary>
    public bool HasExited => lifetime.HasExited;

    /// <summary>What <see cref="OrphanedServerSweeper"/> needs to know about Azurite servers.</summary>
    internal static LocalServerKind Kind { get; } = new(
        "Azurite",
        new HashSet<string>(),
        IsServerOf,
        directory => new AzuriteStateLayout(directory).Delete());

    /// <summary>
    /// Starts Azurite and waits until it answers HTTP requests. Before that, removes the state of
    /// guarded Azurite servers whose owning process has died.
    /// </summary>
    /// <param name="options">How to run it; null for a throw-away guarded test account.</param>
    /// <param name="cancellationToken">Cancels the start; a half-started server is killed.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="FileNotFoundException">Azurite is not installed (run <c>scripts/install.sh</c>, which runs <c>npm ci</c>).</exception>
    /// <exception cref="AzuriteServerStartException">Azurite exited or did not answer within <see cref="AzuriteServerOptions.StartTimeout"/>.</exception>
    public static async Task<AzuriteServer> StartAsync(AzuriteServerOptions? options, CancellationToken cancellationToken)
    {
        options ??= new AzuriteServerOptions();
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("Local Azurite servers run on Linux only.");
        }

        var logger = options.Logger ?? NullLogger.Instance;
        var executable = options.ExecutablePath ?? FindExecutable();
        Directory.CreateDirectory(SharedRoot);
        await OrphanedServerSweeper.SweepAsync(SharedRoot, Kind, logger, cancellationToken).ConfigureAwait(false);

        var layout = new AzuriteStateLayout(LocalServerLifetime.StateDirectoryFor(SharedRoot, options));
        var ports = new AzuritePorts();
        var lifetime = await LocalServerLifetime.StartAsync(
            Kind,
            layout.StateDirectory,
            options,
            logger,
            _ =>
            {
                Directory.CreateDirectory(layout.DataDirectory);
                return Task.FromResult(Launch(executable, options, layout, ports));
            },
            cancellationToken).ConfigureAwait(false);
        return new AzuriteServer(options, executable, layout, lifetime, ports);
    }

    /// <summary>
    /// Shuts Azurite down cleanly (SIGTERM) and waits for it to exit; kills it if it takes longer
    /// than <see cref="AzuriteServerOptions.StopTimeout"/> or the stop is cancelled.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait; Azurite is then killed.</param>
    public Task StopAsync(CancellationToken cancellationToken) => lifetime.StopAsync(cancellationToken);

    /// <summary>
    /// Stops Azurite if it still runs and starts it again on the same port and state directory,
    /// for example after <see cref="Kill"/>: what it had persisted is there again.
    /// </summary>
    /// <param name="cancellationToken">Cancels the restart; a half-started server is killed.</param>
    /// <exception cref="AzuriteServerStartException">Azurite did not come back, for example because another process took the port.</exception>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(lifetime.IsDisposed, this);
        await lifetime.RestartAsync(Launch(executable, Options, layout, ports), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Kills Azurite at once (SIGKILL), as a crash would; for tests of storage failing mid-request.</summary>
    public void Kill() => lifetime.Kill();

    /// <summary>Completes when Azurite has exited.</summary>
    /// <param name="cancellationToken">Cancels the wait only.</param>
    public Task WaitForExitAsync(CancellationToken cancellationToken) => lifetime.WaitForExitAsync(cancellationToken);

    /// <summary>Stops Azurite and, if <see cref="AzuriteServerOptions.DeleteStateOnDispose"/>, deletes its state directory.</summary>
    public ValueTask DisposeAsync() => lifetime.DisposeAsync();

    /// <summary>
    /// <c>node_modules/.bin/azurite</c> of the nearest directory above the application's base
    /// directory (then the working directory) that holds a <c>package.json</c>.
    /// </summary>
    private static string FindExecutable()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "package.json")))
                {
                    var candidate = Path.Combine(directory.FullName, "node_modules", ".bin", ExecutableName);
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }

                    break;
                }
            }
        }

        throw new FileNotFoundException(
            $"Azurite is not installed: no node_modules/.bin/{ExecutableName} next to a package.json above {AppContext.BaseDirectory}. " +
            "Run scripts/install.sh (it runs 'npm ci' in the repository root), or set AzuriteServerOptions.ExecutablePath.",
            ExecutableName);
    }

    private static Uri EndpointOn(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{AccountName}");

    private static LocalServerLaunch Launch(string executable, AzuriteServerOptions options, AzuriteStateLayout layout, AzuritePorts ports) => new(
        executable,
        ExecutableName,
        layout.Log,
        BindAddress: "127.0.0.1",
        PortTakenMessage: "EADDRINUSE",
        Address: port => EndpointOn(port).ToString(),
        PrepareAsync: (port, _) =>
        {
            ports.ChooseFor(port);
            List<string> arguments =
            [
                "--blobHost", "127.0.0.1",
                "--blobPort", port.ToString(CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1",
                "--queuePort", ports.QueuePort.ToString(CultureInfo.InvariantCulture),
                "--tableHost", "127.0.0.1",
                "--tablePort", ports.TablePort.ToString(CultureInfo.InvariantCulture),
                "--location", layout.DataDirectory,
                "--silent",
                "--disableTelemetry",
            ];
            if (options.DebugLog)
            {
                arguments.AddRange(["--debug", layout.DebugLog]);
            }

            return Task.FromResult<IReadOnlyList<string>>(arguments);
        },
        AnswersAsync: async (port, cancellationToken) =>
            await AnswersAsync(EndpointOn(port), cancellationToken).ConfigureAwait(false)
            && await AnswersAsync(EndpointOn(ports.QueuePort), cancellationToken).ConfigureAwait(false)
            && await AnswersAsync(EndpointOn(ports.TablePort), cancellationToken).ConfigureAwait(false),
        StartFailed: (reason, logTail) => new AzuriteServerStartException(options.Name, reason, layout.Log, logTail));

    /// <summary>True once Azurite answers any HTTP request.</summary>
    private static async Task<bool> AnswersAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        try
        {
            // Unauthenticated, so the answer is an error status; any answer means it serves.
            using var response = await ProbeClient.GetAsync(new Uri(endpoint, $"{endpoint.AbsolutePath}?comp=list"), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>
    /// True when <paramref name="processId"/> is <c>azurite</c> started on the data directory
    /// of <paramref name="stateDirectory"/>, so a recycled pid never gets a signal meant for Azurite.
    /// </summary>
    private static bool IsServerOf(int processId, string stateDirectory)
    {
        var commandLine = LinuxProcess.CommandLine(processId);
        var location = Array.IndexOf(commandLine, "--location");
        return commandLine.Any(argument => Path.GetFileName(argument) == ExecutableName)
            && location >= 0
            && location + 1 < commandLine.Length
            && commandLine[location + 1] == new AzuriteStateLayout(stateDirectory).DataDirectory
            && LinuxProcess.IsAlive(processId);
    }

}
