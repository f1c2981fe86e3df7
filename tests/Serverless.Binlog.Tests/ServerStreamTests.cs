using Serverless.Binlog.Events;
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
}
