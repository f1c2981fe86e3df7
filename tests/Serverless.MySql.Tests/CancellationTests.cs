using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Serverless.Testing;
using Xunit;

namespace Serverless.MySql.Tests;

public sealed class CancellationTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    [Fact]
    public async Task CancellingSleep60_ReturnsWithinASecond_AndTheConnectionStaysUsable()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var stopwatch = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ExecuteAsync("SELECT SLEEP(60)", cancellation.Token));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1.2), $"cancellation took {stopwatch.Elapsed}");
        Assert.False(connection.IsBroken);
        Assert.Equal(3L, await connection.ExecuteScalarAsync("SELECT 3"));
    }

    [Fact]
    public async Task CancellingAStreamingQuery_StopsItOnTheServer()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var stopwatch = Stopwatch.StartNew();

        // A scan that would run for hours (unlike SLEEP, which returns 1 when killed, it ends with error 1317).
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ExecuteAsync(
            "SELECT COUNT(*) FROM mysql.seq_1_to_100000000 a, mysql.seq_1_to_100000000 b", cancellation.Token));
        var next = await connection.ExecuteScalarAsync("SELECT 4");

        // The next statement only runs once the server has ended the scan, so this bounds the whole cancellation.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"cancellation took {stopwatch.Elapsed}");
        Assert.Equal(4L, next);
        Assert.Equal(0L, await connection.ExecuteScalarAsync(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT COUNT(*) FROM mysql.seq%'"));
    }

    [Fact]
    public async Task TokenGivenToReadAsync_InterruptsAResultThatIsSlowToArrive()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        var stopwatch = Stopwatch.StartNew();

        // The server flushes its network buffer when full: 1,000 quick rows of 200 bytes get the header and
        // the first rows to the client, then each further row takes half a second.
        await using (var reader = await connection.QueryAsync(
            "SELECT seq, IF(seq > 1000, SLEEP(0.5), 0), REPEAT('x', 200) FROM mysql.seq_1_to_1100"))
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                while (await reader.ReadAsync(cancellation.Token))
                {
                }
            });
        }

        Assert.Equal(8L, await connection.ExecuteScalarAsync("SELECT 8"));
        // 100 slow rows at 0.5 s each would take 50 s; the kill ends the statement at once.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task CommandTimeout_StopsTheStatement_AndTheConnectionStaysUsable()
    {
        var options = fixture.Server.AdminOptions() with { CommandTimeout = TimeSpan.FromMilliseconds(500) };
        await using var connection = await MySqlConnection.OpenAsync(options);
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MySqlTimeoutException>(() => connection.ExecuteAsync(
            "SELECT COUNT(*) FROM mysql.seq_1_to_100000000 a, mysql.seq_1_to_100000000 b"));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(3), $"the timeout took {stopwatch.Elapsed}");
        Assert.Contains("command timeout", error.Message, StringComparison.Ordinal);
        Assert.False(connection.IsBroken);
        Assert.Equal(5L, await connection.ExecuteScalarAsync("SELECT 5"));
    }

    [Fact]
    public async Task AlreadyCancelledToken_SendsNothing()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connection.ExecuteAsync("SELECT 1", new CancellationToken(canceled: true)));

        Assert.Equal(6L, await connection.ExecuteScalarAsync("SELECT 6"));
    }

    [Fact]
    public async Task ClosedPort_FailsFast_WithAClearError()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var error = await Assert.ThrowsAsync<MySqlConnectionException>(
            () => MySqlConnection.OpenAsync(new MySqlConnectionOptions { Host = "127.0.0.1", Port = port, User = "u" }));

        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SilentServer_HitsTheConnectTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<MySqlTimeoutException>(() => MySqlConnection.OpenAsync(
            new MySqlConnectionOptions { Host = "127.0.0.1", Port = port, User = "u", ConnectTimeout = TimeSpan.FromMilliseconds(500) }));

        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(3));
        Assert.Contains("connect timeout", error.Message, StringComparison.Ordinal);
    }
}
