using Serverless.Binlog.Events;
using Serverless.Platforms.Local;
using Serverless.Testing;
using Xunit;

namespace Serverless.Binlog.Tests;

/// <summary>A MariaDB server that compresses its binlog (log_bin_compress): compressed queries and row events.</summary>
public sealed class CompressedBinlogTests(CompressedBinlogTests.CompressingServerFixture fixture) : IClassFixture<CompressedBinlogTests.CompressingServerFixture>
{
    [Fact]
    public async Task CompressedQueriesAndRows_AreInflated()
    {
        var note = new string('n', 400);
        var database = TestServers.UniqueDatabase("compressed");
        var create = $"CREATE TABLE {database}.t (id INT PRIMARY KEY, note VARCHAR(1000)) ENGINE=InnoDB COMMENT='{new string('c', 300)}'";
        string position;
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            position = await sql.ScalarAsync("SELECT @@gtid_binlog_pos");
            await sql.ExecuteAsync($"CREATE DATABASE {database}");
            await sql.ExecuteAsync(create);
            await sql.ExecuteAsync($"INSERT INTO {database}.t VALUES (1, '{note}'), (2, '{note}')");
        }

        var statements = new List<(BinlogEventType Type, string Statement)>();
        var rows = new List<(BinlogEventType Type, object? Id, object? Note)>();
        await using (var client = await BinlogClient.ConnectAsync(fixture.Server.ReplicaOptions(), CancellationToken.None))
        {
            TableMapEvent? map = null;
            await foreach (var binlogEvent in client.ReadEventsAsync(BinlogStart.AfterMariaDbGtids(position), new BinlogReadOptions { StopAtEnd = true }, CancellationToken.None))
            {
                switch (binlogEvent)
                {
                    case QueryEvent query:
                        statements.Add((query.EventType, query.Statement));
                        break;
                    case TableMapEvent tableMap:
                        map = tableMap;
                        break;
                    case RowsEvent rowsEvent when map is not null:
                        Assert.True(rowsEvent.IsCompressed);
                        rows.AddRange(rowsEvent.GetRows(map).Select(r => (rowsEvent.EventType, r.After!.Values[0], r.After.Values[1])));
                        break;
                }
            }
        }

        Assert.Contains((BinlogEventType.QueryCompressed, create), statements);
        Assert.Equal(
            [(BinlogEventType.WriteRowsCompressedV1, 1L, note), (BinlogEventType.WriteRowsCompressedV1, 2L, note)],
            rows.Select(r => (r.Type, r.Id, System.Text.Encoding.UTF8.GetString((byte[])r.Note!))));
    }

    /// <summary>The shared test server with <c>log_bin_compress</c> on (values of 256 bytes and more are compressed).</summary>
    public sealed class CompressingServerFixture : MariaDbServerFixture
    {
        protected override MariaDbServerOptions ConfigureOptions(MariaDbServerOptions options) =>
            options with { ExtraSettings = new Dictionary<string, string> { ["log_bin_compress"] = "ON" } };
    }
}
