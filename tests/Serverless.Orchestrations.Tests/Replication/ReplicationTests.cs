using System.Collections.Concurrent;
using System.Globalization;
using MySqlConnector;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Replication;
using Serverless.Orchestrations.Tests.Instances;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Orchestrations.Tests.Replication;

/// <summary>
/// Replica sets end to end on real MariaDB servers from the local platform and the durable runtime on Azurite: a replica
/// seeded under write load catches up and refuses writes, a promote under a writer loses no acknowledged insert and
/// the old source follows the new one, detach leaves a writable standalone copy, and bad requests are refused.
/// </summary>
public sealed partial class ReplicationTests(InstanceHarness harness, ITestOutputHelper output) : IClassFixture<InstanceHarness>
{
    private const string UserPassword = "r3plica-Pass-7Qw2";
    private static readonly TimeSpan ReplicationDeadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Replica_CatchesUpUnderWrites_RefusesWrites_PromoteLosesNoAcknowledgedInsert_AndDetachLeavesAWritableCopy()
    {
        const string project = "replication";
        var source = await CreateSourceAsync(project, "primary", rows: 3_000);

        // The replica is seeded and started while a writer keeps inserting into the source.
        await using (var writer = AcknowledgedWriter.Start(source))
        {
            var created = await harness.Replication.CreateReplicasAsync(project, ReplicaRequest("replica", source.Id), CancellationToken.None);
            Assert.Equal(source.Id, created.ReplicaOf);
            Assert.Equal([created.Id], (await harness.Instances.GetAsync(project, source.Id, CancellationToken.None)).Replicas);
            var replica = await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active, TimeSpan.FromMinutes(4));
            await writer.WaitForMoreAsync(20);
            await writer.StopAsync();
            output.WriteLine($"acknowledged during the replica build: {writer.Acknowledged.Count}");
            Assert.Equal(await ChecksumAsync(source), await WaitForChecksumAsync(replica, await ChecksumAsync(source)));

            var refused = await Assert.ThrowsAsync<MySqlException>(async () =>
            {
                await using var connection = await InstanceHarness.ConnectAsync(replica, "appuser", UserPassword, "appdb");
                await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (-1, 'on the replica')");
            });
            Assert.Equal(MySqlErrorCode.OptionPreventsStatement, refused.ErrorCode);

            var shown = await harness.Replication.DescribeAsync(replica, includeHealth: true, CancellationToken.None);
            Assert.Equal((ReplicationView.ReplicaRole, source.Id, "primary"), (shown.Role, shown.Source?.Id, shown.Source?.Name));
            Assert.True(shown.Health!.IsRunning, $"replication is not running: {shown.Health}");
            Assert.True(shown.Health.ReadOnly);

            // Bad requests: a replica of a replica, promoting a source, ejecting a source that answers, detaching a standalone.
            await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Replication.CreateReplicasAsync(project, ReplicaRequest("deeper", replica.Id), CancellationToken.None));
            await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Replication.CreateReplicasAsync(
                project, ReplicaRequest("with-users", source.Id) with { Databases = ["x"] }, CancellationToken.None));
            var notReplica = await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Replication.PromoteAsync(project, source.Id, CancellationToken.None));
            Assert.Contains("is not a replica", notReplica.Message, StringComparison.Ordinal);
            var answers = await Assert.ThrowsAsync<CatalogConflictException>(() => harness.Replication.EjectAsync(project, source.Id, CancellationToken.None));
            Assert.Contains("still answers", answers.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<CatalogConflictException>(() => harness.Instances.DeleteAsync(project, source.Id, CancellationToken.None));

            // Promote while a writer inserts into the source: every insert it was told succeeded is on the new source.
            await using var promoteWriter = AcknowledgedWriter.Start(source, firstId: 1_000_000);
            await promoteWriter.WaitForMoreAsync(20);
            var promote = await harness.Replication.PromoteAsync(project, replica.Id, CancellationToken.None);
            Assert.Equal(InstanceStatus.Promote, (await harness.Instances.GetAsync(project, source.Id, CancellationToken.None)).Status);
            await Assert.ThrowsAsync<InstanceBusyException>(() => harness.Replication.PromoteAsync(project, replica.Id, CancellationToken.None));
            var finished = await harness.WaitForOperationAsync(project, promote.Id);
            Assert.True(finished.Status == OperationStatus.Completed, $"promote ended {finished.Status}: {finished.Error}");
            await promoteWriter.StopAsync();
            output.WriteLine($"acknowledged during the promote: {promoteWriter.Acknowledged.Count}");

            var newSource = await harness.Instances.GetAsync(project, replica.Id, CancellationToken.None);
            var oldSource = await harness.Instances.GetAsync(project, source.Id, CancellationToken.None);
            Assert.Equal((InstanceStatus.Active, null), (newSource.Status, newSource.ReplicaOf));
            Assert.Equal([oldSource.Id], newSource.Replicas);
            Assert.Equal((InstanceStatus.Active, newSource.Id, 0), (oldSource.Status, oldSource.ReplicaOf, oldSource.Replicas.Count));
            await using (var connection = await InstanceHarness.ConnectAsync(newSource, "appuser", UserPassword, "appdb"))
            {
                var present = await IdsAsync(connection, promoteWriter.Acknowledged);
                Assert.Equal(promoteWriter.Acknowledged.Count, present);

                // The new source takes writes, and the old source replicates them.
                await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (-2, 'after the promote')");
            }

            var oldHealth = await harness.Replication.DescribeAsync(oldSource, includeHealth: true, CancellationToken.None);
            Assert.Equal(newSource.Port, oldHealth.Health!.SourcePort);
            Assert.Equal(newSource.Host, oldHealth.Health.SourceHost);
            Assert.Equal(await ChecksumAsync(newSource), await WaitForChecksumAsync(oldSource, await ChecksumAsync(newSource)));

            // Detach the old source: standalone, writable, forgotten by the new source.
            var detach = await harness.Replication.DetachAsync(project, oldSource.Id, CancellationToken.None);
            var detached = await harness.WaitForOperationAsync(project, detach.Id);
            Assert.True(detached.Status == OperationStatus.Completed, $"detach ended {detached.Status}: {detached.Error}");
            var standalone = await harness.Instances.GetAsync(project, oldSource.Id, CancellationToken.None);
            Assert.Equal((InstanceStatus.Active, null), (standalone.Status, standalone.ReplicaOf));
            Assert.Empty((await harness.Instances.GetAsync(project, newSource.Id, CancellationToken.None)).Replicas);
            Assert.Equal(await ChecksumAsync(newSource), await ChecksumAsync(standalone));
            await using (var connection = await InstanceHarness.ConnectAsync(standalone, "appuser", UserPassword, "appdb"))
            {
                await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (-3, 'standalone')");
            }

            await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Replication.DetachAsync(project, standalone.Id, CancellationToken.None));
            var replicationSecret = await harness.Secrets.GetAsync(CatalogIds.ReplicationSecret(replica.Id), CancellationToken.None);
            await harness.AssertNoDocumentHoldsAsync(UserPassword, replicationSecret!);
        }
    }

    [Fact]
    public async Task Eject_AfterTheSourcesServerIsKilled_ElectsTheMostAdvancedReplica_TheOtherFollows_AndTheOldSourceStaysFenced()
    {
        const string project = "eject";
        var source = await CreateSourceAsync(project, "doomed", rows: 1_000);
        var first = await harness.Replication.CreateReplicasAsync(project, ReplicaRequest("copy", source.Id) with { ReplicaCount = 2 }, CancellationToken.None);
        var replicaIds = (await harness.Instances.GetAsync(project, source.Id, CancellationToken.None)).Replicas;
        Assert.Equal(2, replicaIds.Count);
        Assert.Equal("copy-1", first.Name);
        var replicas = new List<InstanceView>();
        foreach (var id in replicaIds)
        {
            replicas.Add(await harness.WaitForStatusAsync(project, id, InstanceStatus.Active, TimeSpan.FromMinutes(4)));
        }

        // Writes until the source's server dies under it.
        await using (var writer = AcknowledgedWriter.Start(source))
        {
            await writer.WaitForMoreAsync(50);
            await KillServerAsync(source.Id);
        }

        var reached = 0;
        foreach (var replica in replicas)
        {
            reached = Math.Max(reached, int.Parse((await ChecksumAsync(replica)).Split(':')[0], CultureInfo.InvariantCulture));
        }

        var eject = await harness.Replication.EjectAsync(project, source.Id, CancellationToken.None);
        Assert.Equal(InstanceStatus.Eject, (await harness.Instances.GetAsync(project, replicaIds[0], CancellationToken.None)).Status);
        var finished = await harness.WaitForOperationAsync(project, eject.Id);
        Assert.True(finished.Status == OperationStatus.Completed, $"eject ended {finished.Status}: {finished.Error}");

        var members = new List<InstanceView>();
        foreach (var id in replicaIds)
        {
            members.Add(await harness.Instances.GetAsync(project, id, CancellationToken.None));
        }

        var winner = Assert.Single(members, m => m.ReplicaOf is null);
        var follower = Assert.Single(members, m => m.ReplicaOf == winner.Id);
        Assert.Equal(InstanceStatus.Active, winner.Status);
        Assert.Equal(InstanceStatus.Active, follower.Status);
        Assert.Equal([follower.Id, source.Id], winner.Replicas);
        var fenced = await harness.Instances.GetAsync(project, source.Id, CancellationToken.None);
        Assert.Equal((InstanceStatus.Error, winner.Id), (fenced.Status, fenced.ReplicaOf));
        Assert.Contains("fenced", fenced.Fault, StringComparison.Ordinal);

        // Nothing that reached a replica is lost, the follower replicates from the winner, and the winner takes writes.
        var winnerChecksum = await ChecksumAsync(winner);
        Assert.True(int.Parse(winnerChecksum.Split(':')[0], CultureInfo.InvariantCulture) >= reached, $"{winnerChecksum} has fewer rows than {reached}");
        await using (var connection = await InstanceHarness.ConnectAsync(winner, "appuser", UserPassword, "appdb"))
        {
            await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (-10, 'after the eject')");
        }

        Assert.Equal(await ChecksumAsync(winner), await WaitForChecksumAsync(follower, await ChecksumAsync(winner)));
        Assert.Equal(winner.Port, (await harness.Replication.DescribeAsync(follower, includeHealth: true, CancellationToken.None)).Health!.SourcePort);

        // The old source comes back read-only: its users cannot write.
        await harness.Platform.StartAsync(source.Id, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<MySqlException>(async () =>
        {
            await using var connection = await InstanceHarness.ConnectAsync(fenced, "appuser", UserPassword, "appdb");
            await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (-11, 'split brain')");
        });
        Assert.Equal(MySqlErrorCode.OptionPreventsStatement, refused.ErrorCode);
    }

    [Fact]
    public async Task Resync_RebuildsABrokenReplica_KeepingItsIdAndAddress_WithIdenticalData()
    {
        const string project = "resync";
        var (source, created, replica) = await CreateActiveReplicaAsync(project, rows: 2_000, "drifted");

        // Break it on purpose: rows deleted on the replica behind replication's back, then updated on the source.
        var admin = await AdminConnections.GetAsync(harness.Platform, harness.Secrets, replica.Id, CancellationToken.None);
        await using (var connection = await SqlSession.OpenAsync(admin.Host, admin.Port, admin.User, admin.Password, "appdb"))
        {
            await connection.ExecuteAsync("SET SESSION sql_log_bin = 0; DELETE FROM items WHERE id <= 10");
        }

        await using (var connection = await InstanceHarness.ConnectAsync(source, "appuser", UserPassword, "appdb"))
        {
            await connection.ExecuteAsync("UPDATE items SET name = 'changed' WHERE id <= 10");
        }

        await InstanceHarness.PollAsync(async () =>
            (await harness.Replication.DescribeAsync(replica, includeHealth: true, CancellationToken.None)).Health is { Reachable: true, IsRunning: false });
        var broken = await harness.Replication.DescribeAsync(replica, includeHealth: true, CancellationToken.None);
        Assert.NotNull(broken.Health!.LastError);
        var promote = await Assert.ThrowsAsync<CatalogConflictException>(() => harness.Replication.PromoteAsync(project, replica.Id, CancellationToken.None));
        Assert.Contains("broken", promote.Message, StringComparison.Ordinal);

        var (resync, rebuilt) = await ResyncAndAssertRebuiltAsync(project, source, replica);

        // The create's and the re-sync's seed steps delivered again now that the replica replicates: neither seeds.
        await AssertLateSeedDuplicatesDoNothingAsync(project, source, rebuilt, created.OperationId!, resync.Id);
    }

    /// <summary>A source with <paramref name="rows"/> rows and one replica of it, ACTIVE.</summary>
    private async Task<(InstanceView Source, InstanceView Created, InstanceView Replica)> CreateActiveReplicaAsync(string project, int rows, string replicaName)
    {
        var source = await CreateSourceAsync(project, "origin", rows);
        var created = await harness.Replication.CreateReplicasAsync(project, ReplicaRequest(replicaName, source.Id), CancellationToken.None);
        return (source, created, await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active, TimeSpan.FromMinutes(4)));
    }

    /// <summary>
    /// Re-syncs the replica and asserts the result: the operation completed, the replica is ACTIVE at its old address,
    /// holds the source's data and replicates.
    /// </summary>
    private async Task<(OperationView Resync, InstanceView Rebuilt)> ResyncAndAssertRebuiltAsync(string project, InstanceView source, InstanceView replica)
    {
        var resync = await harness.Replication.ResyncAsync(project, replica.Id, CancellationToken.None);
        var finished = await harness.WaitForOperationAsync(project, resync.Id);
        Assert.True(finished.Status == OperationStatus.Completed, $"resync ended {finished.Status}: {finished.Error}");
        var rebuilt = await harness.Instances.GetAsync(project, replica.Id, CancellationToken.None);
        Assert.Equal((InstanceStatus.Active, source.Id, replica.Host, replica.Port), (rebuilt.Status, rebuilt.ReplicaOf, rebuilt.Host, rebuilt.Port));
        Assert.Equal(await ChecksumAsync(source), await WaitForChecksumAsync(rebuilt, await ChecksumAsync(source)));
        Assert.True((await harness.Replication.DescribeAsync(rebuilt, includeHealth: true, CancellationToken.None)).Health!.IsRunning);
        return (resync, rebuilt);
    }

    /// <summary>SIGKILLs the instance's <c>mariadbd</c>, as a crash would, and waits until it is gone.</summary>
    private async Task KillServerAsync(string instanceId)
    {
        var record = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(harness.Root, "servers", $"{instanceId}.json")));
        using var process = System.Diagnostics.Process.GetProcessById(record.RootElement.GetProperty("processId").GetInt32());
        process.Kill();
        await process.WaitForExitAsync();
    }

    private static CreateInstanceRequest ReplicaRequest(string name, string sourceId) =>
        new(name, "", 0, null, null, [], []) { ReplicaOf = sourceId };

    private async Task<InstanceView> CreateSourceAsync(string project, string name, int rows)
    {
        var created = await harness.Instances.CreateAsync(
            project,
            new CreateInstanceRequest(name, "1", 2, "mysql", "10.11", ["appdb"], [new CreateUserRequest("appuser", UserPassword, "%", ["appdb"])]),
            CancellationToken.None);
        var active = await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active);
        await using var connection = await InstanceHarness.ConnectAsync(active, "appuser", UserPassword, "appdb");
        await connection.ExecuteAsync("CREATE TABLE items (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, amount DECIMAL(10,2) NULL)");
        for (var start = 1; start <= rows; start += 1_000)
        {
            var values = Enumerable.Range(start, Math.Min(1_000, rows - start + 1))
                .Select(i => string.Create(CultureInfo.InvariantCulture, $"({i}, 'item-{i}', {i * 1.25m})"));
            await connection.ExecuteAsync($"INSERT INTO items VALUES {string.Join(", ", values)}");
        }

        return active;
    }

    private static async Task<string> ChecksumAsync(InstanceView instance)
    {
        await using var connection = await InstanceHarness.ConnectAsync(instance, "appuser", UserPassword, "appdb");
        return Convert.ToString(await connection.ExecuteScalarAsync(
            "SELECT CONCAT(COUNT(*), ':', SUM(CRC32(CONCAT_WS('|', id, name, IFNULL(amount, '~'))))) FROM items"), CultureInfo.InvariantCulture)!;
    }

    /// <summary>Waits until the replica's checksum is the expected one (it applies asynchronously), or the deadline passes.</summary>
    private static Task<string> WaitForChecksumAsync(InstanceView replica, string expected) => WaitForValueAsync(() => ChecksumAsync(replica), expected);

    /// <summary>Reads until the value is the expected one (a replica applies asynchronously), or the deadline passes; returns the last value read.</summary>
    private static async Task<string> WaitForValueAsync(Func<Task<string>> read, string expected)
    {
        using var deadline = new CancellationTokenSource(ReplicationDeadline);
        while (true)
        {
            var actual = await read();
            if (actual == expected || deadline.IsCancellationRequested)
            {
                return actual;
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    private static async Task<int> IdsAsync(MySqlConnection connection, IReadOnlyCollection<long> ids)
    {
        var found = 0;
        foreach (var chunk in ids.Chunk(1_000))
        {
            found += Convert.ToInt32(await connection.ExecuteScalarAsync(
                $"SELECT COUNT(*) FROM items WHERE id IN ({string.Join(",", chunk.Select(i => i.ToString(CultureInfo.InvariantCulture)))})"), CultureInfo.InvariantCulture);
        }

        return found;
    }

    /// <summary>
    /// Inserts rows one by one into the source as the application user and records every insert the server
    /// acknowledged; it stops at the first refusal (the source was fenced) or when asked.
    /// </summary>
    private sealed class AcknowledgedWriter : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<long> _acknowledged = new();
        private Task _loop = Task.CompletedTask;

        public ConcurrentQueue<long> Acknowledged => _acknowledged;

        public static AcknowledgedWriter Start(InstanceView source, long firstId = 100_000) => Start(
            () => InstanceHarness.ConnectAsync(source, "appuser", UserPassword, "appdb"),
            id => string.Create(CultureInfo.InvariantCulture, $"INSERT INTO items (id, name, amount) VALUES ({id}, 'written-{id}', {id % 1000})"),
            firstId);

        /// <summary>Runs <paramref name="statement"/> for each id from <paramref name="firstId"/> on one connection.</summary>
        public static AcknowledgedWriter Start(Func<Task<MySqlConnection>> connect, Func<long, string> statement, long firstId)
        {
            var writer = new AcknowledgedWriter();
            writer._loop = Task.Run(() => writer.RunAsync(connect, statement, firstId));
            return writer;
        }

        public async Task WaitForMoreAsync(int count)
        {
            var target = _acknowledged.Count + count;
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (_acknowledged.Count < target && !_loop.IsCompleted)
            {
                await Task.Delay(20, deadline.Token);
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private async Task RunAsync(Func<Task<MySqlConnection>> connect, Func<long, string> statement, long firstId)
        {
            await using var connection = await connect();
            for (var id = firstId; !_stop.IsCancellationRequested; id++)
            {
                try
                {
                    await connection.ExecuteAsync(statement(id));
                }
                catch (MySqlException)
                {
                    return;
                }

                _acknowledged.Enqueue(id);
            }
        }
    }
}
