using System.Runtime.InteropServices;
using Serverless.LocalHost;
using Serverless.Platforms.Local;

// The one-machine host. For now it runs the local MariaDB server; the API, the durable engine
// and Azurite join it later (see ARCHITECTURE.md, "One machine").
LocalHostArguments arguments;
try
{
    arguments = LocalHostArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var stateDirectory = arguments.StateDirectory ?? Path.Combine(FindRepositoryRoot(), ".state", "mariadb");
var passwordFile = Path.Combine(stateDirectory, "admin-password");

using var shutdown = new CancellationTokenSource();
void RequestShutdown(PosixSignalContext context)
{
    context.Cancel = true;
    shutdown.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestShutdown);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestShutdown);

MariaDbServer server;
try
{
    server = await MariaDbServer.StartAsync(
        new MariaDbServerOptions
        {
            Name = "local",
            StateDirectory = stateDirectory,
            AdminPasswordFile = passwordFile,
            Port = arguments.Port,
            EnableTls = true,
            // The service stops the server itself; its data persists across runs.
            Guarded = false,
            DeleteStateOnDispose = false,
        },
        shutdown.Token);
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Interrupted while starting MariaDB.");
    return 130;
}
catch (Exception e) when (e is MariaDbServerStartException or InvalidOperationException or FileNotFoundException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

await using (server)
{
    Console.WriteLine($"MariaDB listening on {server.Host}:{server.Port} (user {server.AdminUser}, password in {passwordFile})");
    Console.WriteLine($"Local service ready (state in {stateDirectory}). Press Ctrl-C to stop.");

    var stopRequested = new TaskCompletionSource();
    using var registration = shutdown.Token.Register(stopRequested.SetResult);
    var exited = server.WaitForExitAsync(CancellationToken.None);
    if (await Task.WhenAny(exited, stopRequested.Task) == exited)
    {
        Console.Error.WriteLine($"MariaDB exited unexpectedly; see {server.ErrorLogPath}.");
        return 1;
    }

    Console.WriteLine("Stopping MariaDB...");
    await server.StopAsync(CancellationToken.None);
    Console.WriteLine("MariaDB stopped.");
}

return 0;

// The repository root holds Serverless.sln; state lives in its .state directory no matter
// where the service is started from.
static string FindRepositoryRoot()
{
    foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }
    }

    return Environment.CurrentDirectory;
}
