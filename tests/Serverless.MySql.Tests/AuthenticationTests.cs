using Serverless.Testing;
using Xunit;

namespace Serverless.MySql.Tests;

public sealed class AuthenticationTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    [Fact]
    public async Task NativePassword_LogsIn_AndReportsThePlugin()
    {
        await using var admin = await fixture.Server.OpenAdminAsync();
        await admin.ExecuteAsync("CREATE USER IF NOT EXISTS 'native_user'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('n4tive pass')");

        await using var connection = await MySqlConnection.OpenAsync(fixture.Server.AdminOptions() with { User = "native_user", Password = "n4tive pass" });

        Assert.Equal("mysql_native_password", connection.AuthenticationPlugin);
        Assert.Equal("native_user@%", await connection.ExecuteScalarAsync("SELECT CURRENT_USER()"));
        Assert.True(connection.IsMariaDb);
        Assert.StartsWith("10.11", connection.ServerVersion, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyPassword_LogsIn()
    {
        await using var admin = await fixture.Server.OpenAdminAsync();
        await admin.ExecuteAsync("CREATE USER IF NOT EXISTS 'no_password'@'%'");

        await using var connection = await MySqlConnection.OpenAsync(fixture.Server.AdminOptions() with { User = "no_password", Password = string.Empty });

        Assert.Equal(1L, await connection.ExecuteScalarAsync("SELECT 1"));
    }

    [Fact]
    public async Task WrongPassword_IsAccessDenied_WithoutEchoingThePassword()
    {
        var options = fixture.Server.AdminOptions() with { Password = "definitely-wrong-9137" };

        var error = await Assert.ThrowsAsync<MySqlServerException>(() => MySqlConnection.OpenAsync(options));

        Assert.Equal(MySqlErrorCode.AccessDenied, error.ErrorCode);
        Assert.Equal("28000", error.SqlState);
        Assert.DoesNotContain("definitely-wrong-9137", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedPlugin_Ed25519_FailsWithAClearErrorNamingIt()
    {
        await using var admin = await fixture.Server.OpenAdminAsync();
        await admin.ExecuteAsync("CREATE USER IF NOT EXISTS 'ed_user'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('ed pass')");

        var error = await Assert.ThrowsAsync<MySqlAuthenticationException>(
            () => MySqlConnection.OpenAsync(fixture.Server.AdminOptions() with { User = "ed_user", Password = "ed pass" }));

        Assert.Contains("client_ed25519", error.Message, StringComparison.Ordinal);
        Assert.Contains("ed_user", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnixSocket_LogsIn()
    {
        var options = fixture.Server.AdminOptions() with { UnixSocketPath = fixture.Server.SocketPath };

        await using var connection = await MySqlConnection.OpenAsync(options);

        Assert.Equal("admin@localhost", await connection.ExecuteScalarAsync("SELECT CURRENT_USER()"));
        Assert.False(connection.IsEncrypted);
    }

    [Fact]
    public async Task Database_InOptions_IsTheSessionDefault_AndAnUnknownOneIsRefused()
    {
        await using var admin = await fixture.Server.OpenAdminAsync();
        await admin.ExecuteAsync("CREATE DATABASE IF NOT EXISTS auth_default_db");

        await using var connection = await MySqlConnection.OpenAsync(fixture.Server.AdminOptions() with { Database = "auth_default_db" });
        var error = await Assert.ThrowsAsync<MySqlServerException>(
            () => MySqlConnection.OpenAsync(fixture.Server.AdminOptions() with { Database = "no_such_database" }));

        Assert.Equal("auth_default_db", await connection.ExecuteScalarAsync("SELECT DATABASE()"));
        Assert.Equal(MySqlErrorCode.UnknownDatabase, error.ErrorCode);
    }
}
