using System.Diagnostics;
using Serverless.Binlog.Events;
using Serverless.Binlog.Rows;
using Serverless.Testing;
using Xunit;

namespace Serverless.Binlog.Tests;

/// <summary>
/// The binlog read from a real MariaDB 10.11 over the replication protocol, compared with the file on disk (byte for
/// byte, through our file reader too) and with <c>mariadb-binlog</c>'s reading of the same file.
/// </summary>
public sealed class ServerStreamTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    private static readonly Dictionary<string, BinlogEventType> ToolNames = new(StringComparer.Ordinal)
    {
        ["Start: binlog v 4"] = BinlogEventType.FormatDescription,
        ["Gtid list"] = BinlogEventType.GtidList,
        ["Binlog checkpoint"] = BinlogEventType.BinlogCheckpoint,
        ["GTID"] = BinlogEventType.MariaDbGtid,
        ["Query"] = BinlogEventType.Query,
        ["Annotate_rows"] = BinlogEventType.AnnotateRows,
        ["Table_map"] = BinlogEventType.TableMap,
        ["Write_rows"] = BinlogEventType.WriteRowsV1,
        ["Update_rows"] = BinlogEventType.UpdateRowsV1,
        ["Delete_rows"] = BinlogEventType.DeleteRowsV1,
        ["Xid"] = BinlogEventType.Xid,
        ["Rotate to"] = BinlogEventType.Rotate,
    };

    [Fact]
    public async Task Workload_ReadFromTheServer_MatchesTheFileAndMariaDbBinlog()
    {
        var database = TestServers.UniqueDatabase("stream");
        string file;
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            file = await sql.RotateAsync();
            await Workload.RunAsync(sql, database);
            await sql.RotateAsync();
        }

        // From the server: everything up to and including the rotate that closes the file.
        var streamed = new List<CapturedEvent>();
        await using (var client = await BinlogClient.ConnectAsync(fixture.Server.ReplicaOptions(), CancellationToken.None))
        {
            await foreach (var binlogEvent in client.ReadEventsAsync(BinlogStart.AtPosition(file), new BinlogReadOptions { StopAtEnd = true }, CancellationToken.None))
            {
                streamed.Add(CapturedEvent.From(binlogEvent));
                if (binlogEvent is RotateEvent { IsArtificial: false })
                {
                    break;
                }
            }
        }

        Assert.Equal(BinlogEventType.Rotate, streamed[0].Type);
        Assert.True(streamed[0].IsArtificial);
        var fromServer = streamed.Where(e => !e.IsArtificial).ToList();

        // The same file through the file reader.
        var path = Path.Combine(fixture.Server.DataDirectory, file);
        var fromFile = new List<CapturedEvent>();
        await using (var reader = BinlogFileReader.Open(path))
        {
            while (true)
            {
                var offset = reader.Position == 0 ? 4 : reader.Position;
                if (await reader.ReadAsync(CancellationToken.None) is not { } binlogEvent)
                {
                    break;
                }

                fromFile.Add(CapturedEvent.From(binlogEvent, offset));
            }
        }

        // Byte images: the stream's events are the file's events.
        var fileBytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(fileBytes.Length, 4 + fromServer.Sum(e => e.Data.Length));
        byte[] streamBytes = [.. BinlogFileReader.Magic, .. fromServer.SelectMany(e => e.Data)];
        Assert.True(fileBytes.AsSpan().SequenceEqual(streamBytes), "the streamed events differ from the file's bytes");
        Assert.Equal(fromServer.Count, fromFile.Count);
        for (var i = 0; i < fromServer.Count; i++)
        {
            Assert.Equal(fromServer[i].Data, fromFile[i].Data);
            Assert.Equal(fromServer[i].Header, fromFile[i].Header);
            Assert.Equal(fromServer[i].Statement, fromFile[i].Statement);
            Assert.Equal(fromServer[i].Gtid, fromFile[i].Gtid);
        }

        // mariadb-binlog's reading of the same file: positions, types, GTIDs, statements.
        var dump = await MariaDbBinlogTool.DumpAsync(path);
        var headers = MariaDbBinlogTool.Headers(dump);
        Assert.Equal(headers.Count, fromFile.Count);
        for (var i = 0; i < headers.Count; i++)
        {
            var (start, end, description) = headers[i];
            var ours = fromFile[i];
            Assert.Equal(start, ours.Offset);
            Assert.Equal(end, ours.Header.NextPosition);
            var name = ToolNames.Keys.Where(description.StartsWith).MaxBy(k => k.Length);
            Assert.True(name is not null, $"mariadb-binlog describes event {i} as '{description}'");
            Assert.Equal(ToolNames[name], ours.Type);
            if (ours.Gtid is { } gtid)
            {
                Assert.StartsWith($"GTID {gtid}", description, StringComparison.Ordinal);
            }

            if (ours.Statement is { } statement && !statement.Contains('\n', StringComparison.Ordinal))
            {
                Assert.Contains(statement, dump, StringComparison.Ordinal);
            }
        }

        foreach (var statement in Workload.Statements(database))
        {
            Assert.Contains(fromFile, e => e.Type == BinlogEventType.Query && e.Statement == statement);
        }

        Assert.Contains(fromFile, e => e.Type == BinlogEventType.WriteRowsV1 && e.Data.Length > 16 * 1024 * 1024);
        Assert.Contains(fromFile, e => e.Type == BinlogEventType.Query && e.Statement == "COMMIT");
        Assert.Contains(fromFile, e => e.Type == BinlogEventType.DeleteRowsV1);
    }

    [Fact]
    public async Task RowImages_DecodeToTheValuesWritten()
    {
        var database = TestServers.UniqueDatabase("rows");
        string position;
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            position = await sql.ScalarAsync("SELECT @@gtid_binlog_pos");
            await sql.ExecuteAsync($"CREATE DATABASE {database}");
            await sql.ExecuteAsync($"CREATE TABLE {database}.typed ({Workload.TypedTableColumns}) ENGINE=InnoDB");
            await sql.ExecuteAsync($"USE {database}");
            await sql.ExecuteAsync("SET time_zone = '+00:00'");
            await sql.ExecuteAsync(Workload.FirstRowInsert);
            await sql.ExecuteAsync("UPDATE typed SET vc = 'changed', amount = 0.000001 WHERE id = 1");
            await sql.ExecuteAsync("DELETE FROM typed WHERE id = 1");
        }

        var changes = new List<(RowsEventKind Kind, RowChange Row)>();
        await using (var client = await BinlogClient.ConnectAsync(fixture.Server.ReplicaOptions(), CancellationToken.None))
        {
            TableMapEvent? map = null;
            await foreach (var binlogEvent in client.ReadEventsAsync(BinlogStart.AfterMariaDbGtids(position), new BinlogReadOptions { StopAtEnd = true }, CancellationToken.None))
            {
                if (binlogEvent is TableMapEvent tableMap && tableMap.DatabaseName == database)
                {
                    map = tableMap;
                }
                else if (binlogEvent is RowsEvent rows && map is not null && rows.TableId == map.TableId)
                {
                    changes.AddRange(rows.GetRows(map).Select(row => (rows.Kind, row)));
                }
            }
        }

        Assert.Equal([RowsEventKind.Write, RowsEventKind.Update, RowsEventKind.Delete], changes.Select(c => c.Kind));
        var inserted = changes[0].Row.After!;
        Assert.Equal(Workload.FirstRowValues.Length, inserted.ColumnCount);
        for (var i = 0; i < inserted.ColumnCount; i++)
        {
            Assert.True(inserted.IsPresent(i));
            Assert.Equal(Workload.FirstRowValues[i], inserted.Values[i]);
        }

        var (before, after) = (changes[1].Row.Before!, changes[1].Row.After!);
        Assert.Equal(inserted.Values, before.Values);
        Assert.Equal("changed"u8.ToArray(), after.Values[8]);
        Assert.Equal("0.000001", after.Values[5]);
        Assert.Equal(after.Values, changes[2].Row.Before!.Values);
        Assert.Null(changes[2].Row.After);
    }

    [Fact]
    public async Task GtidStart_BeginsWithTheNextTransaction()
    {
        var database = TestServers.UniqueDatabase("gtid");
        string afterFirst;
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            await sql.ExecuteAsync($"CREATE DATABASE {database}");
            await sql.ExecuteAsync($"CREATE TABLE {database}.t (id INT PRIMARY KEY) ENGINE=InnoDB");
            await sql.ExecuteAsync($"INSERT INTO {database}.t VALUES (1)");
            afterFirst = await sql.ScalarAsync("SELECT @@gtid_binlog_pos");
            await sql.ExecuteAsync($"INSERT INTO {database}.t VALUES (2)");
            await sql.ExecuteAsync($"INSERT INTO {database}.t VALUES (3)");
        }

        var expected = MariaDbGtid.Parse(afterFirst) with { SequenceNumber = MariaDbGtid.Parse(afterFirst).SequenceNumber + 1 };
        var events = await ReadToEndAsync(BinlogStart.AfterMariaDbGtids(afterFirst));

        var gtids = events.OfType<MariaDbGtidEvent>().Select(e => e.Gtid).ToList();
        Assert.Equal([expected, expected with { SequenceNumber = expected.SequenceNumber + 1 }], gtids);
        var firstRows = events.SkipWhile(e => e is not MariaDbGtidEvent).OfType<AnnotateRowsEvent>().First();
        Assert.Equal($"INSERT INTO {database}.t VALUES (2)", firstRows.Statement);
    }

    [Fact]
    public async Task StopAtEnd_EndsAtTheServersCurrentPosition()
    {
        string file;
        long end;
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            file = await sql.RotateAsync();
            await sql.ExecuteAsync("CREATE DATABASE IF NOT EXISTS stop_at_end");
            await sql.ExecuteAsync("CREATE TABLE IF NOT EXISTS stop_at_end.t (id INT)");
            await sql.ExecuteAsync("INSERT INTO stop_at_end.t VALUES (1)");
            (var current, end) = await sql.BinlogStatusAsync();
            Assert.Equal(file, current);
        }

        var events = new List<BinlogEvent>();
        await using var client = await BinlogClient.ConnectAsync(fixture.Server.ReplicaOptions(), CancellationToken.None);
        await foreach (var binlogEvent in client.ReadEventsAsync(BinlogStart.AtPosition(file), new BinlogReadOptions { StopAtEnd = true }, CancellationToken.None))
        {
            events.Add(binlogEvent);
        }

        Assert.Equal(end, events[^1].Header.NextPosition);
        Assert.IsType<XidEvent>(events[^1]);
        Assert.Equal(new BinlogPosition(file, end), client.Position);
    }

    [Fact]
    public async Task Blocking_DeliversNewEventsAsTheyCommit_HeartbeatsWhenIdle_AndStopsWhenCancelled()
    {
        string file;
        long position;
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            await sql.ExecuteAsync("CREATE DATABASE IF NOT EXISTS blocking");
            await sql.ExecuteAsync("CREATE TABLE IF NOT EXISTS blocking.t (id INT)");
            (file, position) = await sql.BinlogStatusAsync();
        }

        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = fixture.Server.ReplicaOptions() with { HeartbeatPeriod = TimeSpan.FromMilliseconds(500) };
        await using var client = await BinlogClient.ConnectAsync(options, cancellation.Token);
        await using var events = client.ReadEventsAsync(BinlogStart.AtPosition(file, position), null, cancellation.Token).GetAsyncEnumerator(cancellation.Token);

        // The reader shows up as a replica while it reads.
        var heartbeat = await NextAsync<HeartbeatEvent>(events);
        Assert.Equal(file, heartbeat.FileName);
        Assert.Equal((ulong)position, heartbeat.Position);
        Assert.Equal(new BinlogPosition(file, position), client.Position);
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            Assert.Contains(options.ServerId.ToString(System.Globalization.CultureInfo.InvariantCulture), await ReplicaIdsAsync(sql));
            await sql.ExecuteAsync("INSERT INTO blocking.t VALUES (7)");
        }

        var annotate = await NextAsync<AnnotateRowsEvent>(events);
        Assert.Equal("INSERT INTO blocking.t VALUES (7)", annotate.Statement);
        await NextAsync<XidEvent>(events);

        var stopwatch = Stopwatch.StartNew();
        var pending = events.MoveNextAsync().AsTask();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"cancellation took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task UnknownGtid_IsAServerError_ButNotAPurge()
    {
        var events = Record.ExceptionAsync(() => ReadToEndAsync(BinlogStart.AfterMariaDbGtids("0-1-999999999")));

        var error = Assert.IsType<BinlogServerException>(await events);
        Assert.Equal(1236, error.ErrorCode);
    }

    [Fact]
    public async Task ReplicationPrivilegeMissing_IsRefusedByTheServer()
    {
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            await sql.ExecuteAsync("CREATE USER IF NOT EXISTS 'no_repl'@'%' IDENTIFIED BY 'No-Repl-pass-1'");
        }

        var options = fixture.Server.ReplicaOptions() with { User = "no_repl", Password = "No-Repl-pass-1" };
        await using var client = await BinlogClient.ConnectAsync(options, CancellationToken.None);

        var error = await Assert.ThrowsAsync<BinlogServerException>(async () =>
        {
            await foreach (var unused in client.ReadEventsAsync(BinlogStart.AtPosition("mariadb-bin.000001"), new BinlogReadOptions { StopAtEnd = true }, CancellationToken.None))
            {
            }
        });
        // MariaDB refuses COM_REGISTER_SLAVE itself with "access denied" (1045) when REPLICATION SLAVE is missing.
        Assert.Equal(1045, error.ErrorCode);
        Assert.Contains("denied", error.ServerMessage, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<List<BinlogEvent>> ReadToEndAsync(BinlogStart start)
    {
        // Only events that stay valid are kept: the tests look at their parsed fields, which are copied or owned.
        var events = new List<BinlogEvent>();
        await using var client = await BinlogClient.ConnectAsync(fixture.Server.ReplicaOptions(), CancellationToken.None);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var binlogEvent in client.ReadEventsAsync(start, new BinlogReadOptions { StopAtEnd = true }, deadline.Token))
        {
            events.Add(binlogEvent);
        }

        return events;
    }

    private static async Task<T> NextAsync<T>(IAsyncEnumerator<BinlogEvent> events)
        where T : BinlogEvent
    {
        while (await events.MoveNextAsync())
        {
            if (events.Current is T wanted)
            {
                return wanted;
            }
        }

        throw new InvalidOperationException($"The stream ended before a {typeof(T).Name}.");
    }

    private static async Task<List<string>> ReplicaIdsAsync(MySqlConnector.MySqlConnection sql)
    {
        await using var command = new MySqlConnector.MySqlCommand("SHOW SLAVE HOSTS", sql);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync())
        {
            ids.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return ids;
    }
}
