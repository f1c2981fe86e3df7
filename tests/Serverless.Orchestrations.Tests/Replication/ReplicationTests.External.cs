using System.Globalization;
using MySqlConnector;
using Serverless.DataPlane;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Replication;
using Serverless.Orchestrations.Tests.Instances;
using Serverless.Platforms;
using Serverless.Platforms.Local;
using Serverless.Testing;
using Xunit;

namespace Serverless.Orchestrations.Tests.Replication;

/// <summary>
/// A migration from a MariaDB server the service does not manage (started bare here, not through the service): bad
/// sources fail before anything is provisioned; a good one is copied and replicated under a writer, refuses promote,
/// eject and re-sync, and after the cut-over (detach) is a writable standalone copy with identical data.
/// </summary>
public sealed partial class ReplicationTests
{
    private const string MigrationPassword = "m1grate-Secret-88Zq";

    [Fact]
    public async Task ExternalSource_BadSourcesFailBeforeProvisioning_MigrationUnderWritesCatchesUp_DetachCutsOverWithIdenticalData()
    {
        const string project = "external";
        await using var external = await MariaDbServer.StartAsync(
            new MariaDbServerOptions { Name = "external-source", EnableTls = true, ServerId = 424_242, Guarded = true }, CancellationToken.None);
        var ca = await File.ReadAllTextAsync(external.TlsCaCertificatePath!);
        await using (var admin = await SqlSession.OpenAsync(external.Host, external.Port, external.AdminUser, external.AdminPassword))
        {
            await admin.ExecuteAsync(
                "CREATE DATABASE shop; CREATE DATABASE other; "
                + "CREATE TABLE shop.items (id BIGINT PRIMARY KEY, name VARCHAR(40) NOT NULL, amount DECIMAL(10,2) NULL); "
                + "CREATE TABLE other.notes (id INT PRIMARY KEY); "
                + $"CREATE USER migrator@'%' IDENTIFIED BY '{MigrationPassword}'; GRANT REPLICATION SLAVE, RELOAD ON *.* TO migrator@'%'; "
                + "GRANT SELECT, SHOW VIEW, TRIGGER ON shop.* TO migrator@'%'; "
                + $"CREATE USER reader@'%' IDENTIFIED BY '{MigrationPassword}'; GRANT SELECT ON shop.* TO reader@'%'");
            var values = Enumerable.Range(1, 2_000).Select(i => string.Create(CultureInfo.InvariantCulture, $"({i}, 'item-{i}', {i * 1.25m})"));
            await admin.ExecuteAsync($"INSERT INTO shop.items VALUES {string.Join(", ", values)}");
        }

        ExternalSourceRequest Source(string user = "migrator", string password = MigrationPassword, int? port = null) =>
            new(external.Host, port ?? external.Port, user, password, ["shop"], ca);
        CreateInstanceRequest Migration(string name, ExternalSourceRequest source) =>
            new(name, "1", 2, "mysql", "10.11", [], []) { ReplicateFrom = source };

        // Malformed: refused at once.
        await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Replication.CreateFromExternalAsync(
            project, Migration("sys-db", Source() with { Databases = ["mysql"] }), CancellationToken.None));
        await Assert.ThrowsAsync<CatalogValidationException>(() => harness.Replication.CreateFromExternalAsync(
            project, Migration("no-db", Source() with { Databases = [] }), CancellationToken.None));

        // Unreachable, wrong password, no replication privilege: each create fails at its first step, no server provisioned.
        var closedPort = FreePort();
        var refusals = new (string Name, ExternalSourceRequest Source, string Expected)[]
        {
            ("unreachable", Source(port: closedPort), "could not be reached"),
            ("bad-password", Source(password: "wrong-password"), "refused the account"),
            ("no-privilege", Source(user: "reader"), "may not replicate"),
        };
        var started = new List<(InstanceView Instance, string Expected)>();
        foreach (var (name, source, expected) in refusals)
        {
            started.Add((await harness.Replication.CreateFromExternalAsync(project, Migration(name, source), CancellationToken.None), expected));
        }

        foreach (var (instance, expected) in started)
        {
            await AssertFailsBeforeProvisioningAsync(project, instance, expected);
        }

        await using (var admin = await SqlSession.OpenAsync(external.Host, external.Port, external.AdminUser, external.AdminPassword))
        {
            await admin.ExecuteAsync("SET GLOBAL binlog_format = 'MIXED'");
            try
            {
                var statementBased = await harness.Replication.CreateFromExternalAsync(project, Migration("mixed-binlog", Source()), CancellationToken.None);
                await AssertFailsBeforeProvisioningAsync(project, statementBased, "binlog_format=ROW");
            }
            finally
            {
                await admin.ExecuteAsync("SET GLOBAL binlog_format = 'ROW'");
            }
        }

        // The migration, while a writer keeps inserting into the external source (and into a database not migrated).
        // Every tenth row also goes to a database that is not migrated: replication must filter it out, not break on it.
        await using (var writer = AcknowledgedWriter.Start(
            () => SqlSession.OpenAsync(external.Host, external.Port, external.AdminUser, external.AdminPassword),
            id => string.Create(CultureInfo.InvariantCulture, $"INSERT INTO shop.items (id, name, amount) VALUES ({id}, 'written-{id}', {id % 1000}){(id % 10 == 0 ? $"; INSERT INTO other.notes VALUES ({id})" : string.Empty)}"),
            firstId: 100_000))
        {
            await writer.WaitForMoreAsync(20);
            var created = await harness.Replication.CreateFromExternalAsync(project, Migration("migrated", Source()), CancellationToken.None);
            Assert.Equal($"mysql://{external.Host}:{external.Port}", created.ExternalSource!.Id);
            var replica = await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active, TimeSpan.FromMinutes(4));
            await writer.WaitForMoreAsync(20);

            var shown = await harness.Replication.DescribeAsync(replica, includeHealth: true, CancellationToken.None);
            Assert.Equal((ReplicationView.ReplicaRole, created.ExternalSource.Id), (shown.Role, shown.Source?.Id));
            Assert.True(shown.Health!.IsRunning, $"replication is not running: {shown.Health}");
            Assert.Equal((external.Host, external.Port, true), (shown.Health.SourceHost, shown.Health.SourcePort, shown.Health.ReadOnly));

            foreach (var refusal in new Func<Task>[]
            {
                () => harness.Replication.PromoteAsync(project, replica.Id, CancellationToken.None),
                () => harness.Replication.EjectAsync(project, replica.Id, CancellationToken.None),
                () => harness.Replication.ResyncAsync(project, replica.Id, CancellationToken.None),
            })
            {
                var refused = await Assert.ThrowsAsync<CatalogValidationException>(refusal);
                Assert.Contains("external server", refused.Message, StringComparison.Ordinal);
            }

            // A restart mid-migration (as a resize does) keeps the filter: the writes to the other database stay out.
            await harness.Platform.RestartAsync(replica.Id, CancellationToken.None);
            Assert.Equal("shop.%", await AdminScalarObjectAsync(replica.Id, "SELECT @@GLOBAL.replicate_wild_do_table"));
            await InstanceHarness.PollAsync(async () =>
                (await harness.Replication.DescribeAsync(replica, includeHealth: true, CancellationToken.None)).Health is { Reachable: true, IsRunning: true });
            await writer.WaitForMoreAsync(20);

            await writer.StopAsync();
            var expected = await ExternalChecksumAsync(external);
            Assert.Equal(expected, await WaitForValueAsync(() => AdminChecksumAsync(replica.Id), expected));

            // Only the named database came over; the other one's writes were filtered, and replication still runs.
            Assert.Equal(0L, await AdminScalarAsync(replica.Id, "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'other'"));
            Assert.True((await harness.Replication.DescribeAsync(replica, includeHealth: true, CancellationToken.None)).Health!.IsRunning);

            // Cut-over.
            var detach = await harness.Replication.DetachAsync(project, replica.Id, CancellationToken.None);
            var detached = await harness.WaitForOperationAsync(project, detach.Id);
            Assert.True(detached.Status == OperationStatus.Completed, $"detach ended {detached.Status}: {detached.Error}");
            var standalone = await harness.Instances.GetAsync(project, replica.Id, CancellationToken.None);
            Assert.Equal((InstanceStatus.Active, null, null), (standalone.Status, standalone.ExternalSource, standalone.ReplicaOf));
            Assert.Null(await harness.Secrets.GetAsync(CatalogIds.ExternalSourceSecret(replica.Id), CancellationToken.None));
            Assert.Equal(ReplicationView.StandaloneRole, (await harness.Replication.DescribeAsync(standalone, includeHealth: true, CancellationToken.None)).Role);
            Assert.Equal(expected, await AdminChecksumAsync(replica.Id));
            Assert.Equal(0L, await AdminScalarAsync(replica.Id, "SELECT @@GLOBAL.read_only"));

            // The filter is gone for good: a restart after the cut-over starts without it.
            await harness.Platform.RestartAsync(replica.Id, CancellationToken.None);
            Assert.Equal(string.Empty, await AdminScalarObjectAsync(replica.Id, "SELECT @@GLOBAL.replicate_wild_do_table"));
            await using (var admin = await SqlSession.OpenAsync(external.Host, external.Port, external.AdminUser, external.AdminPassword))
            {
                await admin.ExecuteAsync("INSERT INTO shop.items (id, name) VALUES (-1, 'after the cut-over')");
            }

            await AdminScalarAsync(replica.Id, "INSERT INTO shop.items (id, name) VALUES (-2, 'written on the new instance')");
            Assert.Equal(0L, await AdminScalarAsync(replica.Id, "SELECT COUNT(*) FROM shop.items WHERE id = -1"));
        }

        await harness.AssertNoDocumentHoldsAsync(MigrationPassword);
    }

    private async Task AssertFailsBeforeProvisioningAsync(string project, InstanceView instance, string expected)
    {
        var operation = await harness.WaitForOperationAsync(project, instance.OperationId!);
        Assert.Equal(OperationStatus.Failed, operation.Status);
        Assert.Contains(expected, operation.Error, StringComparison.Ordinal);
        Assert.Equal("check-source", operation.CurrentStep);
        var failed = await harness.Instances.GetAsync(project, instance.Id, CancellationToken.None);
        Assert.Equal(InstanceStatus.Error, failed.Status);
        await Assert.ThrowsAsync<ServerNotFoundException>(() => harness.Platform.GetAdminAccessAsync(instance.Id, CancellationToken.None));
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private const string ItemsChecksumSql = "SELECT CONCAT(COUNT(*), ':', SUM(CRC32(CONCAT_WS('|', id, name, IFNULL(amount, '~'))))) FROM shop.items";

    private static async Task<string> ExternalChecksumAsync(MariaDbServer external)
    {
        await using var connection = await SqlSession.OpenAsync(external.Host, external.Port, external.AdminUser, external.AdminPassword);
        return Convert.ToString(await connection.ExecuteScalarAsync(ItemsChecksumSql), CultureInfo.InvariantCulture)!;
    }

    private async Task<string> AdminChecksumAsync(string instanceId) =>
        Convert.ToString(await AdminScalarObjectAsync(instanceId, ItemsChecksumSql), CultureInfo.InvariantCulture)!;

    private async Task<long> AdminScalarAsync(string instanceId, string sql) =>
        Convert.ToInt64(await AdminScalarObjectAsync(instanceId, sql) ?? 0L, CultureInfo.InvariantCulture);

    private async Task<object?> AdminScalarObjectAsync(string instanceId, string sql)
    {
        ServerConnection admin = await AdminConnections.GetAsync(harness.Platform, harness.Secrets, instanceId, CancellationToken.None);
        await using var connection = await SqlSession.OpenAsync(admin.Host, admin.Port, admin.User, admin.Password);
        return await connection.ExecuteScalarAsync(sql);
    }
}
