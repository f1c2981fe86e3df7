using MySqlConnector;
using Serverless.DataPlane.Accounts;
using Serverless.Testing;
using Xunit;

namespace Serverless.DataPlane.Tests.Accounts;

/// <summary>Accounts and databases created and read on a real MariaDB server, checked by logging in as them.</summary>
public sealed class ServerAccountsTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    private ServerConnection Admin => new(fixture.Server.Host, fixture.Server.Port, fixture.Server.AdminUser, fixture.Server.AdminPassword, File.ReadAllText(fixture.Server.TlsCaCertificatePath!));

    [Fact]
    public async Task EnsureUser_CreatesAUserThatCanUseOnlyItsDatabases_AndRunningAgainSetsTheNewPassword()
    {
        await using (var accounts = await ServerAccounts.OpenAsync(Admin, CancellationToken.None))
        {
            await accounts.CreateDatabaseAsync(new DatabaseDefinition("shop"), ifNotExists: true, CancellationToken.None);
            await accounts.CreateDatabaseAsync(new DatabaseDefinition("other"), ifNotExists: true, CancellationToken.None);
            await accounts.EnsureUserAsync("alice", "%", "first-Pa55", ["shop"], CancellationToken.None);

            // A step that runs again after a crash: same account, the password it is given now.
            await accounts.CreateDatabaseAsync(new DatabaseDefinition("shop"), ifNotExists: true, CancellationToken.None);
            await accounts.EnsureUserAsync("alice", "%", "second-Pa55", ["shop"], CancellationToken.None);

            var alice = await accounts.FindUserAsync("alice", "%", CancellationToken.None);
            Assert.Equal(["shop"], alice!.Databases);
        }

        await Assert.ThrowsAnyAsync<MySqlException>(() => LogInAsync("alice", "first-Pa55", "shop"));
        await using var session = await LogInAsync("alice", "second-Pa55", "shop");
        await session.ExecuteAsync("CREATE TABLE items (id INT PRIMARY KEY)");
        var denied = await Assert.ThrowsAsync<MySqlException>(() => session.ExecuteAsync("CREATE TABLE other.items (id INT)"));
        Assert.Equal(MySqlErrorCode.TableAccessDenied, denied.ErrorCode);
    }

    [Fact]
    public async Task Grant_OnANameWithAnUnderscore_OpensThatDatabaseOnly()
    {
        await using (var accounts = await ServerAccounts.OpenAsync(Admin, CancellationToken.None))
        {
            await accounts.CreateDatabaseAsync(new DatabaseDefinition("shop_eu"), ifNotExists: true, CancellationToken.None);
            await accounts.CreateDatabaseAsync(new DatabaseDefinition("shopxeu"), ifNotExists: true, CancellationToken.None);
            await accounts.CreateUserAsync("carol", "%", "Carol-Pa55", ["shop_eu"], CancellationToken.None);
            Assert.Equal(["shop_eu"], (await accounts.FindUserAsync("carol", "%", CancellationToken.None))!.Databases);
        }

        await using (var session = await LogInAsync("carol", "Carol-Pa55", "shop_eu"))
        {
            await session.ExecuteAsync("CREATE TABLE items (id INT PRIMARY KEY)");
            var denied = await Assert.ThrowsAsync<MySqlException>(() => session.ExecuteAsync("CREATE TABLE shopxeu.items (id INT)"));
            Assert.Equal(MySqlErrorCode.TableAccessDenied, denied.ErrorCode);
        }

        await using (var accounts = await ServerAccounts.OpenAsync(Admin, CancellationToken.None))
        {
            await accounts.RevokeAsync("carol", "%", "shop_eu", CancellationToken.None);
            Assert.Empty((await accounts.FindUserAsync("carol", "%", CancellationToken.None))!.Databases);
        }
    }

    [Fact]
    public async Task CreateUser_RefusesAnExistingAccount_AndListsShowGrantsAndHosts()
    {
        await using var accounts = await ServerAccounts.OpenAsync(Admin, CancellationToken.None);
        await accounts.CreateDatabaseAsync(new DatabaseDefinition("sales_eu", "utf8mb4", "utf8mb4_unicode_ci"), ifNotExists: false, CancellationToken.None);
        await accounts.CreateUserAsync("bob", "10.0.0.%", "Bob-Pa55-word", ["sales_eu"], CancellationToken.None);

        var again = await Assert.ThrowsAsync<MySqlException>(() => accounts.CreateUserAsync("bob", "10.0.0.%", "other-Pa55", [], CancellationToken.None));
        Assert.Equal(MySqlErrorCode.CannotUser, again.ErrorCode);
        var database = await Assert.ThrowsAsync<MySqlException>(() => accounts.CreateDatabaseAsync(new DatabaseDefinition("sales_eu"), ifNotExists: false, CancellationToken.None));
        Assert.Equal(MySqlErrorCode.DatabaseCreateExists, database.ErrorCode);

        var bob = Assert.Single(await accounts.ListUsersAsync(CancellationToken.None), account => account.Name == "bob");
        Assert.Equal("10.0.0.%", bob.Host);
        Assert.Equal(["sales_eu"], bob.Databases);

        await accounts.RevokeAsync("bob", "10.0.0.%", "sales_eu", CancellationToken.None);
        await accounts.RevokeAsync("bob", "10.0.0.%", "sales_eu", CancellationToken.None);
        Assert.Empty((await accounts.FindUserAsync("bob", "10.0.0.%", CancellationToken.None))!.Databases);

        await accounts.DropUserAsync("bob", "10.0.0.%", CancellationToken.None);
        await accounts.DropDatabaseAsync("sales_eu", CancellationToken.None);
        Assert.Null(await accounts.FindUserAsync("bob", "10.0.0.%", CancellationToken.None));
        Assert.DoesNotContain("sales_eu", await accounts.ListDatabasesAsync(CancellationToken.None));
    }

    private Task<MySqlConnection> LogInAsync(string user, string password, string database) =>
        SqlSession.OpenAsync(fixture.Server.Host, fixture.Server.Port, user, password, database);
}
