using Serverless.Testing;
using Xunit;

namespace Serverless.MySql.Tests;

public sealed class ErrorMappingTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    [Fact]
    public async Task SyntaxError_Is1064_42000()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();

        var error = await Assert.ThrowsAsync<MySqlServerException>(() => connection.ExecuteAsync("SELEC 1"));

        Assert.Equal(MySqlErrorCode.ParseError, error.ErrorCode);
        Assert.Equal("42000", error.SqlState);
        Assert.Contains("SELEC 1", error.ServerMessage, StringComparison.Ordinal);
        Assert.Contains("1064", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownDatabase_Is1049()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();

        var viaUse = await Assert.ThrowsAsync<MySqlServerException>(() => connection.ExecuteAsync("USE no_such_db"));
        var viaInitDb = await Assert.ThrowsAsync<MySqlServerException>(() => connection.ChangeDatabaseAsync("no_such_db"));

        Assert.Equal(MySqlErrorCode.UnknownDatabase, viaUse.ErrorCode);
        Assert.Equal("42000", viaUse.SqlState);
        Assert.Equal(MySqlErrorCode.UnknownDatabase, viaInitDb.ErrorCode);
    }

    [Fact]
    public async Task DuplicateKey_Is1062_23000()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        await connection.CreateDatabaseAsync("dup");
        await connection.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1)");

        var error = await Assert.ThrowsAsync<MySqlServerException>(() => connection.ExecuteAsync("INSERT INTO t VALUES (1)"));

        Assert.Equal(MySqlErrorCode.DuplicateKey, error.ErrorCode);
        Assert.Equal("23000", error.SqlState);
    }

    [Fact]
    public async Task AccessDenied_OnAnObject_Is1142_AndOnLogin1045()
    {
        await using var admin = await fixture.Server.OpenAdminAsync();
        await admin.ExecuteAsync("CREATE USER IF NOT EXISTS 'limited'@'%' IDENTIFIED BY 'limited pw'");
        await using var limited = await MySqlConnection.OpenAsync(fixture.Server.AdminOptions() with { User = "limited", Password = "limited pw" });

        var objectError = await Assert.ThrowsAsync<MySqlServerException>(() => limited.ExecuteAsync("SELECT * FROM mysql.user"));
        var loginError = await Assert.ThrowsAsync<MySqlServerException>(
            () => MySqlConnection.OpenAsync(fixture.Server.AdminOptions() with { User = "limited", Password = "not it" }));

        Assert.Equal(1142, objectError.ErrorCode);
        Assert.Equal("42000", objectError.SqlState);
        Assert.Equal(MySqlErrorCode.AccessDenied, loginError.ErrorCode);
        Assert.Equal("28000", loginError.SqlState);
    }

    [Fact]
    public async Task LockWaitTimeout_Is1205_AndTheConnectionStaysUsable()
    {
        await using var holder = await fixture.Server.OpenAdminAsync();
        var database = await holder.CreateDatabaseAsync("locks");
        await holder.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT) ENGINE=InnoDB; INSERT INTO t VALUES (1, 0)");
        await holder.ExecuteAsync("START TRANSACTION; UPDATE t SET v = 1 WHERE id = 1");
        await using var waiter = await MySqlConnection.OpenAsync(fixture.Server.AdminOptions() with { Database = database });
        await waiter.ExecuteAsync("SET SESSION innodb_lock_wait_timeout = 1");

        var error = await Assert.ThrowsAsync<MySqlServerException>(() => waiter.ExecuteAsync("UPDATE t SET v = 2 WHERE id = 1"));
        await holder.ExecuteAsync("ROLLBACK");

        Assert.Equal(MySqlErrorCode.LockWaitTimeout, error.ErrorCode);
        Assert.Equal("HY000", error.SqlState);
        Assert.Equal(1UL, (await waiter.ExecuteAsync("UPDATE t SET v = 2 WHERE id = 1")).AffectedRows);
    }
}
