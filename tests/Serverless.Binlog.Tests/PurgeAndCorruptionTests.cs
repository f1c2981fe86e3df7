using Serverless.Binlog.Events;
using Serverless.Testing;
using Xunit;

namespace Serverless.Binlog.Tests;

/// <summary>What a reader meets when the binlog it needs is gone or damaged: purged files and GTIDs on the server, a flipped byte in a file.</summary>
public sealed class PurgeAndCorruptionTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    [Fact]
    public async Task PurgedBinlog_ByFileOrByGtid_GivesThePurgedException()
    {
        string purgedFile, oldGtid;
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            await sql.ExecuteAsync("CREATE DATABASE IF NOT EXISTS purge_me");
            await sql.ExecuteAsync("CREATE TABLE IF NOT EXISTS purge_me.t (id INT)");
            await sql.ExecuteAsync("INSERT INTO purge_me.t VALUES (1)");
            oldGtid = await sql.ScalarAsync("SELECT @@gtid_binlog_pos");
            purgedFile = (await sql.BinlogStatusAsync()).File;
            await sql.ExecuteAsync("INSERT INTO purge_me.t VALUES (2)");
            var current = await sql.RotateAsync();
            await sql.ExecuteAsync("INSERT INTO purge_me.t VALUES (3)");
            await sql.ExecuteAsync($"PURGE BINARY LOGS TO '{current}'");
        }

        var byFile = await Assert.ThrowsAsync<BinlogPurgedException>(() => ReadAllAsync(BinlogStart.AtPosition(purgedFile)));
        var byGtid = await Assert.ThrowsAsync<BinlogPurgedException>(() => ReadAllAsync(BinlogStart.AfterMariaDbGtids(oldGtid)));

        Assert.Equal(1236, byFile.ErrorCode);
        Assert.Contains(purgedFile, byFile.Message, StringComparison.Ordinal);
        Assert.Contains("full backup", byFile.Message, StringComparison.Ordinal);
        Assert.Equal(1236, byGtid.ErrorCode);
        Assert.Contains(oldGtid, byGtid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorruptedByteInAFile_FailsItsEventsChecksum_NamingTheOffset()
    {
        string file;
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            file = await sql.RotateAsync();
            await sql.ExecuteAsync("CREATE DATABASE IF NOT EXISTS corrupt");
            await sql.ExecuteAsync("CREATE TABLE IF NOT EXISTS corrupt.t (id INT, note VARCHAR(100))");
            await sql.ExecuteAsync("INSERT INTO corrupt.t VALUES (1, 'a value the test damages')");
            await sql.RotateAsync();
        }

        var bytes = await File.ReadAllBytesAsync(Path.Combine(fixture.Server.DataDirectory, file));
        long rowsOffset = 0;
        await using (var reader = new BinlogFileReader(new MemoryStream(bytes)))
        {
            while (true)
            {
                var offset = Math.Max(reader.Position, 4);
                if (await reader.ReadAsync(CancellationToken.None) is not { } binlogEvent)
                {
                    break;
                }

                if (binlogEvent is RowsEvent)
                {
                    rowsOffset = offset;
                }
            }
        }

        Assert.NotEqual(0, rowsOffset);
        bytes[rowsOffset + 30] ^= 0x01; // a byte of the row image

        await using var damaged = new BinlogFileReader(new MemoryStream(bytes));
        var error = await Assert.ThrowsAsync<BinlogChecksumException>(async () =>
        {
            await foreach (var unused in damaged.ReadEventsAsync(CancellationToken.None))
            {
            }
        });
        Assert.Contains($"offset {rowsOffset}", error.Message, StringComparison.Ordinal);
        Assert.NotEqual(error.Expected, error.Actual);
    }

    [Fact]
    public async Task TruncatedFile_IsAProtocolError_NotASilentEnd()
    {
        string file;
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            file = await sql.RotateAsync();
            await sql.ExecuteAsync("CREATE DATABASE IF NOT EXISTS truncated");
            await sql.RotateAsync();
        }

        var bytes = await File.ReadAllBytesAsync(Path.Combine(fixture.Server.DataDirectory, file));
        await using var reader = new BinlogFileReader(new MemoryStream(bytes[..^10]));

        var error = await Assert.ThrowsAsync<BinlogProtocolException>(async () =>
        {
            await foreach (var unused in reader.ReadEventsAsync(CancellationToken.None))
            {
            }
        });
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotABinlog_IsRefusedAtTheMagic()
    {
        await using var reader = new BinlogFileReader(new MemoryStream("CREATE TABLE t (id INT);"u8.ToArray()));

        await Assert.ThrowsAsync<BinlogProtocolException>(async () => await reader.ReadAsync(CancellationToken.None));
    }

    private async Task ReadAllAsync(BinlogStart start)
    {
        await using var client = await BinlogClient.ConnectAsync(fixture.Server.ReplicaOptions(), CancellationToken.None);
        await foreach (var unused in client.ReadEventsAsync(start, new BinlogReadOptions { StopAtEnd = true }, CancellationToken.None))
        {
        }
    }
}
