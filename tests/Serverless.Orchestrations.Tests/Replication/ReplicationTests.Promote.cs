using System.Globalization;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Tests.Instances;
using Serverless.Testing;
using Xunit;

namespace Serverless.Orchestrations.Tests.Replication;

/// <summary>Promote, five times back and forth, under sysbench write load and a writer that records every acknowledged insert.</summary>
public sealed partial class ReplicationTests
{
    private const int SysbenchTables = 4;
    private const int SysbenchRows = 10_000;

    [Fact]
    public async Task Promote_UnderSysbenchWriteLoad_FiveTimes_LosesNoAcknowledgedInsert_AndTheOldSourceFollows()
    {
        const string project = "promote-five";
        var source = await CreateSourceAsync(project, "left", rows: 1_000);
        await SysbenchLoad.PrepareAsync(source, "appuser", UserPassword, "appdb", SysbenchTables, SysbenchRows);
        var created = await harness.Replication.CreateReplicasAsync(project, ReplicaRequest("right", source.Id), CancellationToken.None);
        var replica = await harness.WaitForStatusAsync(project, created.Id, InstanceStatus.Active, TimeSpan.FromMinutes(4));

        for (var round = 1; round <= 5; round++)
        {
            // The load and the writer run against the current source through the switch; sysbench's refused writes are ignored.
            await using var load = SysbenchLoad.Run(source, "appuser", UserPassword, "appdb", SysbenchTables, SysbenchRows, rate: 50);
            await using var writer = AcknowledgedWriter.Start(source, firstId: 1_000_000 * round);
            await writer.WaitForMoreAsync(20);
            Assert.True(load.IsRunning, $"sysbench stopped before round {round}'s promote: {await load.OutputAsync()}");
            var promote = await PromoteWhenCloseEnoughAsync(project, replica.Id);
            var finished = await harness.WaitForOperationAsync(project, promote.Id);
            Assert.True(finished.Status == OperationStatus.Completed, $"round {round}: promote ended {finished.Status}: {finished.Error}");
            await writer.StopAsync();
            await load.DisposeAsync();

            var newSource = await harness.Instances.GetAsync(project, replica.Id, CancellationToken.None);
            var oldSource = await harness.Instances.GetAsync(project, source.Id, CancellationToken.None);
            Assert.Equal((InstanceStatus.Active, null, 1), (newSource.Status, newSource.ReplicaOf, newSource.Replicas.Count));
            Assert.Equal((InstanceStatus.Active, newSource.Id), (oldSource.Status, oldSource.ReplicaOf));
            await using (var connection = await InstanceHarness.ConnectAsync(newSource, "appuser", UserPassword, "appdb"))
            {
                Assert.Equal(writer.Acknowledged.Count, await IdsAsync(connection, writer.Acknowledged));
            }

            var oldHealth = (await harness.Replication.DescribeAsync(oldSource, includeHealth: true, CancellationToken.None)).Health!;
            Assert.Equal((newSource.Host, newSource.Port), (oldHealth.SourceHost, oldHealth.SourcePort));
            var expected = await SetChecksumAsync(newSource);
            Assert.Equal(expected, await WaitForValueAsync(() => SetChecksumAsync(oldSource), expected));
            output.WriteLine($"round {round}: {writer.Acknowledged.Count} acknowledged inserts, all on the new source {newSource.Name}");
            (source, replica) = (newSource, oldSource);
        }
    }

    /// <summary>
    /// Promotes the replica; a promote refused because the replica is a moment behind under the load (a 409 saying how far)
    /// is asked again until the deadline.
    /// </summary>
    private async Task<OperationView> PromoteWhenCloseEnoughAsync(string project, string replicaId)
    {
        using var deadline = new CancellationTokenSource(ReplicationDeadline);
        while (true)
        {
            try
            {
                return await harness.Replication.PromoteAsync(project, replicaId, CancellationToken.None);
            }
            catch (CatalogConflictException ex) when (ex.Message.Contains("behind", StringComparison.Ordinal) && !deadline.IsCancellationRequested)
            {
                await Task.Delay(200, CancellationToken.None);
            }
        }
    }

    /// <summary>The writer's table and every sysbench table, checksummed together.</summary>
    private static async Task<string> SetChecksumAsync(InstanceView instance)
    {
        await using var connection = await InstanceHarness.ConnectAsync(instance, "appuser", UserPassword, "appdb");
        var tables = string.Join(", ", Enumerable.Range(1, SysbenchTables).Select(i => string.Create(CultureInfo.InvariantCulture, $"sbtest{i}")));
        var sums = new List<string> { await ChecksumAsync(instance) };
        await using var command = new MySqlConnector.MySqlCommand($"CHECKSUM TABLE {tables}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            sums.Add($"{reader.GetString(0)}={(reader.IsDBNull(1) ? "null" : reader.GetValue(1).ToString())}");
        }

        return string.Join(";", sums);
    }
}
