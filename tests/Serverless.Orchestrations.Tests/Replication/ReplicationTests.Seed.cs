using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Replication;
using Serverless.Orchestrations.Tests.Instances;
using Serverless.Storage.Documents;
using Serverless.Testing;
using Xunit;

namespace Serverless.Orchestrations.Tests.Replication;

/// <summary>Seeding: a duplicate of the seed step that arrives after replication has started does not seed again.</summary>
public sealed partial class ReplicationTests
{
    /// <summary>
    /// Delivers the seed step of each operation again, as the durable runtime may long after the step finished: the one
    /// whose seed is recorded returns the recorded GTID, the one whose record is lost (cleared here) is refused because its
    /// operation is over; neither drops a database on the replica, which keeps replicating.
    /// </summary>
    private async Task AssertLateSeedDuplicatesDoNothingAsync(string project, InstanceView source, InstanceView replica, string recordedOperationId, string unrecordedOperationId)
    {
        var admin = await AdminConnections.GetAsync(harness.Platform, harness.Secrets, replica.Id, CancellationToken.None);
        var dropsBefore = await DatabaseDropsAsync(admin);
        var seed = new SeedReplicaActivity(harness.Platform, harness.Secrets, harness.Catalog, NullLoggerFactory.Instance);

        var recorded = await harness.Catalog.GetAsync(CatalogKeys.Operation(project, recordedOperationId), CatalogJsonContext.Default.OperationDocument, CancellationToken.None);
        Assert.StartsWith("seeded:", recorded!.Value.Checkpoint, StringComparison.Ordinal);
        var gtid = await seed.RunAsync(null!, new SeedReplicaInput(project, recordedOperationId, replica.Id, source.Id));
        Assert.Equal(recorded.Value.Checkpoint!["seeded:".Length..], gtid);

        await CatalogDocuments.ChangeAsync(
            harness.Catalog,
            CatalogKeys.Operation(project, unrecordedOperationId),
            CatalogJsonContext.Default.OperationDocument,
            o => o with { Checkpoint = null },
            CancellationToken.None);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => seed.RunAsync(null!, new SeedReplicaInput(project, unrecordedOperationId, replica.Id, source.Id)));
        Assert.Contains("late duplicate", refused.Message, StringComparison.Ordinal);

        Assert.Equal(dropsBefore, await DatabaseDropsAsync(admin));
        await using (var connection = await InstanceHarness.ConnectAsync(source, "appuser", UserPassword, "appdb"))
        {
            await connection.ExecuteAsync("INSERT INTO items (id, name) VALUES (-10, 'after the late duplicates')");
        }

        Assert.Equal(await ChecksumAsync(source), await WaitForChecksumAsync(replica, await ChecksumAsync(source)));
        Assert.True((await harness.Replication.DescribeAsync(replica, includeHealth: true, CancellationToken.None)).Health!.IsRunning);
    }

    /// <summary>How many DROP DATABASE statements the server has run since it started: a seed runs one per database.</summary>
    private static async Task<long> DatabaseDropsAsync(DataPlane.ServerConnection admin)
    {
        await using var connection = await SqlSession.OpenAsync(admin.Host, admin.Port, admin.User, admin.Password, null);
        var value = await connection.ExecuteScalarAsync("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'COM_DROP_DB'");
        return Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }
}
