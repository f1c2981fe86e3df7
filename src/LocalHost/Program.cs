using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Serverless.Api;
using Serverless.Durable;
using Serverless.LocalHost;
using Serverless.LocalHost.Identity;
using Serverless.LocalHost.Mistral;
using Serverless.LocalHost.Schedules;
using Serverless.Orchestrations;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms;
using Serverless.Platforms.Local;
using Serverless.Platforms.Local.Instances;
using Serverless.Platforms.Local.Secrets;

// The one-machine service: Azurite as the storage account (catalog, durable task hub, backup artifacts), the local
// platform (mariadbd processes), the Durable Task Framework running the instance and backup orchestrations, the
// backup schedules' timer, and the Trove API with a tiny identity endpoint.
// Database servers outlive this process: stopping it leaves them running, and the next start adopts them.
LocalHostArguments arguments;
try
{
    arguments = LocalHostArguments.Parse(args, Environment.GetEnvironmentVariable);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

const string IdentityUser = "admin";
// Whatever the catalog says changed before this moment was written by an earlier process, never by a request of this one.
var startedAt = DateTimeOffset.UtcNow;
var stateDirectory = arguments.StateDirectory ?? Path.Combine(FindRepositoryRoot(), ".state");
Directory.CreateDirectory(stateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

using var shutdown = new CancellationTokenSource();
void RequestShutdown(PosixSignalContext context)
{
    context.Cancel = true;
    shutdown.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, RequestShutdown);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, RequestShutdown);

using var loggerFactory = LoggerFactory.Create(ConfigureLogging);
var logger = loggerFactory.CreateLogger("Serverless.LocalHost");

AzuriteServer azurite;
try
{
    azurite = await AzuriteServer.StartAsync(
        new AzuriteServerOptions
        {
            Name = "local",
            StateDirectory = Path.Combine(stateDirectory, "azurite"),
            // Stopped cleanly below (Azurite loses its last seconds of writes when killed); the data persists.
            Guarded = false,
            DeleteStateOnDispose = false,
            Logger = loggerFactory.CreateLogger<AzuriteServer>(),
        },
        shutdown.Token);
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Interrupted while starting Azurite.");
    return 130;
}
catch (Exception e) when (e is AzuriteServerStartException or InvalidOperationException or FileNotFoundException)
{
    Console.Error.WriteLine($"Azurite did not start: {e.Message}");
    return 1;
}

try
{
    return await RunAsync(azurite);
}
catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted while starting.");
    return 130;
}
finally
{
    LocalHostInfo.Delete(stateDirectory);
    await azurite.StopAsync(CancellationToken.None);
    await azurite.DisposeAsync();
    Console.WriteLine("Stopped.");
}

async Task<int> RunAsync(AzuriteServer azurite)
{
    var cancellationToken = shutdown.Token;
    var platformRoot = Path.Combine(stateDirectory, "platform");
    var secrets = new LocalSecretStore(Path.Combine(platformRoot, "secrets"));
    var platform = new LocalDatabasePlatform(
        new LocalDatabasePlatformOptions { StateRoot = platformRoot, Logger = loggerFactory.CreateLogger<LocalDatabasePlatform>() },
        secrets);
    var reconciled = await platform.ReconcileAsync(cancellationToken);
    foreach (var status in reconciled)
    {
        if (status.State is ServerState.Running or ServerState.Stopped)
        {
            LocalHostLog.ServerReconciled(logger, status.ServerId, status.State.ToString());
        }
        else
        {
            LocalHostLog.ServerUnavailable(logger, status.ServerId, status.State.ToString(), status.Message ?? "no reason given");
        }
    }

    var credentials = await LocalHostCredentials.LoadOrCreateAsync(
        new LocalSecretStore(Path.Combine(stateDirectory, "host-secrets")), arguments.Project, cancellationToken);

    var builder = WebApplication.CreateSlimBuilder();
    builder.WebHost.UseUrls(arguments.ListenUrl);
    builder.Logging.ClearProviders();
    ConfigureLogging(builder.Logging);
    // This program handles SIGINT and SIGTERM itself, to stop the pieces in order.
    builder.Services.Configure<ConsoleLifetimeOptions>(options => options.SuppressStatusMessages = true);
    builder.Services.AddSingleton<IDatabasePlatform>(platform).AddSingleton<ISecretStore>(secrets);
    var controlPlane = new ControlPlaneOptions { Storage = new() { ConnectionString = azurite.ConnectionString } };
    // Backups are encrypted with a key generated into the platform's secret store at first start.
    if (arguments.ArtifactKeyId is { } keyId)
    {
        controlPlane = controlPlane with { ArtifactKeys = new() { CurrentKeyId = keyId } };
    }

    if (arguments.SegmentArtifactBytes is { } segmentBytes)
    {
        controlPlane = controlPlane with { SegmentArtifactBytes = segmentBytes };
    }

    if (arguments.DumpStepBudget is { } dumpStep)
    {
        controlPlane = controlPlane with { ResumableBackups = true, DumpStepBudget = dumpStep };
    }

    builder.Services.AddControlPlane(controlPlane);

    // One host per state directory (Azurite's state refuses a second live owner), so the runtime's fixed worker id
    // lets a restarted host take over the task hub its killed predecessor held at once.
    var durable = new DurableRuntimeOptions { StorageConnectionString = azurite.ConnectionString };
    builder.Services.AddLocalDurableRuntime(
        arguments.DurableVisibilityTimeout is { } visibility ? durable with { VisibilityTimeout = visibility } : durable,
        ControlPlane.DataConverter,
        ControlPlane.AddTasks);
    builder.Services.AddTroveApi(options => options.ProjectTokens[arguments.Project] = credentials.ApiToken);
    builder.Services.AddHostedService<ScheduleTimer>();
    await using var app = builder.Build();
    await app.Services.GetRequiredService<ControlPlaneStorage>().EnsureCreatedAsync(cancellationToken);

    // Instances whose server vanished while the host was down show ERROR rather than a stale ACTIVE.
    await app.Services.GetRequiredService<InstanceService>().MarkUnavailableServersAsync(reconciled, cancellationToken);
    app.MapTroveApi();
    IdentityStubEndpoints.Map(app, new IdentityStubOptions
    {
        UserName = IdentityUser,
        Password = credentials.IdentityPassword,
        Project = arguments.Project,
        ProjectToken = credentials.ApiToken,
    });
    MistralEndpoints.Map(app, arguments.Project, credentials.ApiToken);

    try
    {
        // Starts the durable worker (resuming unfinished orchestrations) and then Kestrel.
        await app.StartAsync(cancellationToken);
    }
    catch (IOException e)
    {
        Console.Error.WriteLine($"The API cannot listen on {arguments.ListenUrl}: {e.Message} Pick another with --port or --urls.");
        await app.StopAsync(CancellationToken.None);
        return 1;
    }

    // Operations a crash left half started (status changed, orchestration never scheduled) are finished or rolled back
    // before the host says it is ready.
    foreach (var settled in await app.Services.GetRequiredService<HalfStartedOperations>().SettleAsync(startedAt, cancellationToken))
    {
        LocalHostLog.OperationSettled(logger, settled);
    }

    var baseUrl = ReachableAddress(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault())
        ?? arguments.ListenUrl.TrimEnd('/');
    var endpoint = $"{baseUrl}/v1.0/{arguments.Project}";
    var identityUrl = $"{baseUrl}{IdentityStubEndpoints.Prefix}";
    await new LocalHostInfo(Environment.ProcessId, arguments.Project, endpoint, credentials.ApiTokenFile, identityUrl, IdentityUser, credentials.IdentityPasswordFile, azurite.BlobEndpoint.ToString())
        .WriteAsync(stateDirectory, cancellationToken);

    Console.WriteLine($"""
        Trove API:  {endpoint}
        Token:      in {credentials.ApiTokenFile}
        Identity:   {identityUrl}  user {IdentityUser}, project {arguments.Project}, password in {credentials.IdentityPasswordFile}
        Console:    {baseUrl}/console/   (sign in with project {arguments.Project} and the token)
        State:      {stateDirectory}

          openstack --os-auth-type admin_token --os-endpoint {endpoint} --os-token "$(cat {credentials.ApiTokenFile})" database instance list
          trove --os-auth-url {identityUrl} --os-username {IdentityUser} --os-password "$(cat {credentials.IdentityPasswordFile})" --os-project-name {arguments.Project} --os-user-domain-name Default --os-project-domain-name Default list

        Ready. Ctrl-C stops the service; database instances keep running and are adopted at the next start.
        """);

    var stopping = new TaskCompletionSource();
    using (shutdown.Token.Register(stopping.SetResult))
    using (app.Lifetime.ApplicationStopping.Register(() => stopping.TrySetResult()))
    {
        await stopping.Task;
    }

    LocalHostLog.Stopping(logger);

    // Stops Kestrel and the durable worker.
    await app.StopAsync(CancellationToken.None);
    return 0;
}

static void ConfigureLogging(ILoggingBuilder logging) =>
    logging
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss ";
        })
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
        .AddFilter("Microsoft.Hosting", LogLevel.Warning);

// Kestrel reports the address it bound; a wildcard one is reached through loopback.
static string? ReachableAddress(string? address) =>
    address?.TrimEnd('/').Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
        .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
        .Replace("://+", "://127.0.0.1", StringComparison.Ordinal)
        .Replace("://*", "://127.0.0.1", StringComparison.Ordinal);

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
