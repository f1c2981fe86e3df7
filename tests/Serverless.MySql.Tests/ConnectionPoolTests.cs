using Serverless.Testing;
using Xunit;

namespace Serverless.MySql.Tests;

public sealed class ConnectionPoolTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    [Fact]
    public async Task ReturnedConnection_IsReused_WithItsSessionStateReset()
    {
        await using var pool = new MySqlConnectionPool();
        var options = fixture.Server.AdminOptions();
        uint firstId;

        await using (var lease = await pool.RentAsync(options))
        {
            firstId = lease.Connection.ConnectionId;
            await lease.Connection.ExecuteAsync("SET @left_behind = 'x'; CREATE TEMPORARY TABLE mysql.tmp_pool (i INT)");
        }

        await using var again = await pool.RentAsync(options);

        Assert.Equal(firstId, again.Connection.ConnectionId);
        Assert.Null(await again.Connection.ExecuteScalarAsync("SELECT @left_behind"));
        var gone = await Assert.ThrowsAsync<MySqlServerException>(() => again.Connection.ExecuteAsync("SELECT * FROM mysql.tmp_pool"));
        Assert.Equal(MySqlErrorCode.NoSuchTable, gone.ErrorCode);
    }

    [Fact]
    public async Task DeadIdleConnection_IsReplaced_OnRent()
    {
        await using var pool = new MySqlConnectionPool();
        var options = fixture.Server.AdminOptions();
        uint victim;
        await using (var lease = await pool.RentAsync(options))
        {
            victim = lease.Connection.ConnectionId;
        }

        await using (var admin = await fixture.Server.OpenAdminAsync())
        {
            await admin.ExecuteAsync("KILL CONNECTION ?", [victim]);
        }

        await using var replacement = await pool.RentAsync(options);

        Assert.NotEqual(victim, replacement.Connection.ConnectionId);
        Assert.Equal(1L, await replacement.Connection.ExecuteScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task DifferentCredentials_GetDifferentConnections()
    {
        await using var admin = await fixture.Server.OpenAdminAsync();
        await admin.ExecuteAsync("CREATE USER IF NOT EXISTS 'pool_other'@'%' IDENTIFIED BY 'other pw'");
        await using var pool = new MySqlConnectionPool();

        await using (var first = await pool.RentAsync(fixture.Server.AdminOptions()))
        {
        }

        await using var other = await pool.RentAsync(fixture.Server.AdminOptions() with { User = "pool_other", Password = "other pw" });

        Assert.Equal("pool_other@%", await other.Connection.ExecuteScalarAsync("SELECT CURRENT_USER()"));
        Assert.Equal(1, pool.IdleCount(fixture.Server.AdminOptions()));
    }

    [Fact]
    public async Task RentingBeyondTheLimit_WaitsForAReturn()
    {
        await using var pool = new MySqlConnectionPool(maxConnectionsPerEndpoint: 1);
        var options = fixture.Server.AdminOptions();
        var first = await pool.RentAsync(options);
        var firstId = first.Connection.ConnectionId;

        var second = pool.RentAsync(options);
        await Task.Delay(200);
        Assert.False(second.IsCompleted);
        await first.DisposeAsync();
        await using var lease = await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(firstId, lease.Connection.ConnectionId);
    }

    [Fact]
    public async Task ConnectionReturnedBroken_IsNotPooled()
    {
        await using var pool = new MySqlConnectionPool();
        var options = fixture.Server.AdminOptions();

        await using (var lease = await pool.RentAsync(options))
        {
            await using var admin = await fixture.Server.OpenAdminAsync();
            await admin.ExecuteAsync("KILL CONNECTION ?", [lease.Connection.ConnectionId]);
            await Assert.ThrowsAsync<MySqlConnectionException>(() => lease.Connection.ExecuteAsync("SELECT 1"));
        }

        Assert.Equal(0, pool.IdleCount(options));
    }
}
