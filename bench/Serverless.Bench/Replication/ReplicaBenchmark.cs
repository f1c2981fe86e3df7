using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MySqlConnector;
using Serverless.Durable;
using Serverless.Orchestrations;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Replication;
using Serverless.Platforms;
using Serverless.Platforms.Local;
using Serverless.Platforms.Local.Instances;
using Serverless.Platforms.Local.Secrets;

namespace Serverless.Bench.Replication;

/// <summary>
/// Replicas through the whole control plane (the orchestrations on the local durable runtime over Azurite, local
/// MariaDB servers), on sysbench's <c>sbtest1</c>: (a) the time from the create request of a replica to its
/// <c>ACTIVE</c>, against our full backup plus a restore into a new instance of the same data in the same run; (b) a
/// promote under <c>sysbench oltp_write_only</c>, seen from a client that writes to the source and moves to the new one
/// when refused: the window without an acknowledged write, the writes refused, and acknowledged writes lost.
/// </summary>
internal static class ReplicaBenchmark
{
    public const string Name = "replica";
    public const string Summary = "Replica create vs our backup + restore of the same data; promote under sysbench oltp_write_only: write window and losses.";
    public const string Usage = """
        Usage: Serverless.Bench replica [--rows N] [--threads N]
          --rows N      rows sysbench prepares in sbtest1 (default 2,000,000)
          --threads N   sysbench oltp_write_only threads during the promote (default 4)
        """;

    private const string Project = "bench";
    private const string User = "bench";
    private const string Database = "sbtest";
    private static readonly TimeSpan OperationDeadline = TimeSpan.FromHours(2);

    public static async Task<int> RunAsync(BenchArguments arguments, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new ToolFailedException("The replica benchmark runs the local platform, which runs on Linux only.");
        }

        var rows = arguments.GetInt32("rows", 2_000_000, minimum: 1_000);
        var threads = arguments.GetInt32("threads", 4, minimum: 1);
        arguments.EnsureAllRead();
        var loadAtStart = LoadAverage();
        var password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));

        var root = Path.Combine(Path.GetTempPath(), $"serverless-bench-replica-{Environment.ProcessId}");
        var secrets = new LocalSecretStore(Path.Combine(root, "secrets"));
        var platform = new LocalDatabasePlatform(new LocalDatabasePlatformOptions { StateRoot = root }, secrets);
        await using var azurite = await AzuriteServer.StartAsync(new AzuriteServerOptions { Name = "bench-replica" }, cancellationToken);
        using var host = await StartControlPlaneAsync(azurite.ConnectionString, platform, secrets);
        try
        {
            var instances = host.Services.GetRequiredService<InstanceService>();
            var backups = host.Services.GetRequiredService<BackupService>();
            var replication = host.Services.GetRequiredService<ReplicationService>();
            var volume = Math.Max(2, (int)Math.Ceiling(rows * 400.0 / 1_000_000_000) * 2);

            Print("Creating the source instance...");
            var created = await instances.CreateAsync(
                Project,
                new CreateInstanceRequest("bench-source", "1", volume, "mysql", "10.11", [Database], [new CreateUserRequest(User, password, "%", [Database])]),
                cancellationToken);
            var source = await WaitForActiveAsync(instances, created.Id, cancellationToken);
            Print($"sysbench prepare: {rows:N0} rows...");
            await ToolProcess.RunAsync(Sysbench(source, password, ["oltp_write_only", "--tables=1", $"--table-size={rows.ToString(CultureInfo.InvariantCulture)}", "prepare"]), cancellationToken);
            var expected = await ChecksumAsync(source, password, cancellationToken);

            // (a) The replica, then our backup and a restore of it into a new instance, each timed from its request.
            Print("Replica: from the create request to ACTIVE...");
            var replicaClock = Stopwatch.StartNew();
            var replicaCreated = await replication.CreateReplicasAsync(Project, new CreateInstanceRequest("bench-replica", "", 0, null, null, [], []) { ReplicaOf = source.Id }, cancellationToken);
            var replica = await WaitForActiveAsync(instances, replicaCreated.Id, cancellationToken);
            var replicaTime = replicaClock.Elapsed;
            Verify(expected, await ChecksumAsync(replica, password, cancellationToken), "replica");

            Print("Full backup, then a restore into a new instance...");
            var backupClock = Stopwatch.StartNew();
            var backup = await backups.CreateAsync(Project, new CreateBackupRequest("bench-full", source.Id, null, Incremental: false, ParentId: null), cancellationToken);
            await WaitForAsync(async () => (await backups.GetAsync(Project, backup.Id, cancellationToken)).Status is var status && (status == BackupStatus.Completed || Fail(status == BackupStatus.Failed, $"backup {backup.Id} failed")), cancellationToken);
            var backupTime = backupClock.Elapsed;
            var restoreClock = Stopwatch.StartNew();
            var restoreCreated = await instances.CreateAsync(Project, new CreateInstanceRequest("bench-restored", "1", volume, null, null, [], []) { BackupId = backup.Id }, cancellationToken);
            var restored = await WaitForActiveAsync(instances, restoreCreated.Id, cancellationToken);
            var restoreTime = restoreClock.Elapsed;
            Verify(expected, await ChecksumAsync(restored, password, cancellationToken), "restored instance");

            // (b) The promote, under load, from the client's side.
            Print($"Promote under sysbench oltp_write_only ({threads} threads)...");
            await using (var connection = await OpenAsync(source, password, cancellationToken))
            {
                await using var create = new MySqlCommand("CREATE TABLE probe (id BIGINT PRIMARY KEY, at DATETIME(6) NOT NULL)", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await WaitForAsync(async () => await ScalarAsync(replica, password, "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_NAME = 'probe'", cancellationToken) == 1, cancellationToken);
            await using var load = BackgroundTool.Start(Sysbench(source, password, [
                "oltp_write_only", "--tables=1", $"--table-size={rows.ToString(CultureInfo.InvariantCulture)}", $"--threads={threads.ToString(CultureInfo.InvariantCulture)}",
                "--time=0", "--mysql-ignore-errors=all", "--report-interval=0", "run"]));
            await using var probe = await SwitchingWriter.StartAsync(() => OpenAsync(source, password, cancellationToken), () => OpenAsync(replica, password, cancellationToken));
            await probe.WaitForAcknowledgedAsync(200, cancellationToken);
            var loadBefore = LoadAverage();
            var promoteClock = Stopwatch.StartNew();
            var promote = await replication.PromoteAsync(Project, replica.Id, cancellationToken);
            await WaitForAsync(async () => (await instances.GetOperationAsync(Project, promote.Id, cancellationToken)).Status is var status && (status == OperationStatus.Completed || Fail(status == OperationStatus.Failed, $"promote {promote.Id} failed")), cancellationToken);
            var promoteTime = promoteClock.Elapsed;
            await probe.WaitForNewSourceAsync(cancellationToken);
            await probe.WaitForAcknowledgedAsync(probe.Acknowledged.Count + 100, cancellationToken);
            await probe.StopAsync();
            var loadRan = !load.HasExited;
            await load.StopAsync();
            if (!loadRan)
            {
                throw new ToolFailedException("sysbench stopped during the promote; the write window was measured without its load.");
            }
            var lost = await probe.CountMissingAsync(() => OpenAsync(replica, password, cancellationToken), cancellationToken);

            var window = probe.Window!.Value;
            var ratio = replicaTime.TotalSeconds / (backupTime + restoreTime).TotalSeconds;
            Print(string.Empty);
            Print($"{Name}: sbtest1 {rows:N0} rows; instances of flavor 1 on this machine's local platform, the control plane on the local durable runtime over Azurite");
            Print($"  conditions: {Environment.ProcessorCount} cores, load average {loadAtStart} at the start, {loadBefore} before the promote, {LoadAverage()} at the end");
            Print($"  replica create -> ACTIVE              {replicaTime.TotalSeconds,8:N1} s");
            Print($"  full backup -> COMPLETED              {backupTime.TotalSeconds,8:N1} s");
            Print($"  restore into a new instance -> ACTIVE {restoreTime.TotalSeconds,8:N1} s");
            Print($"  replica / (backup + restore)          {ratio,8:0.00}  goal <= 1.0  {(ratio <= 1.0 ? "PASS" : "MISS")}");
            Print($"  promote operation                     {promoteTime.TotalSeconds,8:N1} s (request to COMPLETED)");
            Print($"  write window (client side)            {window.TotalSeconds,8:N2} s  goal <= 2 s  {(window.TotalSeconds <= 2 ? "PASS" : "MISS")}  "
                + "(last acknowledged write on the old source to the first on the new one)");
            Print($"  writes refused during the switch      {probe.Refused,8:N0}");
            Print($"  acknowledged writes lost              {lost,8:N0} of {probe.Acknowledged.Count:N0}  goal 0  {(lost == 0 ? "PASS" : "MISS")}");
            return lost == 0 ? 0 : 1;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
            var servers = Path.Combine(root, "servers");
            if (Directory.Exists(servers))
            {
                foreach (var record in Directory.EnumerateFiles(servers, "*.json"))
                {
                    await platform.DeleteAsync(Path.GetFileNameWithoutExtension(record), CancellationToken.None);
                }
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<IHost> StartControlPlaneAsync(string connectionString, IDatabasePlatform platform, ISecretStore secrets)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(platform).AddSingleton(secrets);
        builder.Services.AddControlPlane(new ControlPlaneOptions { Storage = new() { ConnectionString = connectionString } });
        builder.Services.AddLocalDurableRuntime(
            new DurableRuntimeOptions { StorageConnectionString = connectionString, TaskHubName = "benchreplica" }, ControlPlane.DataConverter, ControlPlane.AddTasks);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static ToolInvocation Sysbench(InstanceView instance, string password, IReadOnlyList<string> command) =>
        InstanceSysbench.Invocation(instance.Host!, instance.Port!.Value, User, password, Database, command);

    private static async Task<InstanceView> WaitForActiveAsync(InstanceService instances, string instanceId, CancellationToken cancellationToken)
    {
        InstanceView? instance = null;
        await WaitForAsync(async () =>
        {
            instance = await instances.GetAsync(Project, instanceId, cancellationToken);
            return instance.Status == InstanceStatus.Active || Fail(instance.Status == InstanceStatus.Error, $"instance {instanceId} failed: {instance.Fault}");
        }, cancellationToken);
        return instance!;
    }

    private static async Task WaitForAsync(Func<Task<bool>> done, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(OperationDeadline);
        while (!await done())
        {
            await Task.Delay(50, deadline.Token);
        }
    }

    private static bool Fail(bool failed, string message) => failed ? throw new ToolFailedException(message) : false;

    private static void Verify(string expected, string actual, string what)
    {
        if (expected != actual)
        {
            throw new ToolFailedException($"The {what} differs from the source: CHECKSUM TABLE {actual} instead of {expected}.");
        }
    }

    private static async Task<MySqlConnection> OpenAsync(InstanceView instance, string password, CancellationToken cancellationToken)
    {
        var connection = new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = instance.Host,
            Port = checked((uint)instance.Port!.Value),
            UserID = User,
            Password = password,
            Database = Database,
            SslMode = MySqlSslMode.Preferred,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<string> ChecksumAsync(InstanceView instance, string password, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(instance, password, cancellationToken);
        await using var command = new MySqlCommand("CHECKSUM TABLE sbtest1", connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture) ?? string.Empty;
    }

    private static async Task<long> ScalarAsync(InstanceView instance, string password, string sql, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(instance, password, cancellationToken);
        await using var command = new MySqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static void Print(string line) => Console.WriteLine(line);
}
