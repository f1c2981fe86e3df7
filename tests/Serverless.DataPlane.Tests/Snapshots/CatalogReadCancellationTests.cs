using System.Globalization;
using MySqlConnector;
using Serverless.DataPlane.Snapshots;
using Serverless.Testing;
using Xunit;

namespace Serverless.DataPlane.Tests.Snapshots;

/// <summary>
/// A cancelled read of information_schema is not killed on the server (MariaDB 10.11 can crash when such a query is
/// killed): it runs to its end and the caller sees the cancellation then. The server's <c>Com_kill</c> counter tells
/// whether a KILL was sent; an ordinary cancelled read shows that it does count MySqlConnector's KILL QUERY.
/// </summary>
public sealed class CatalogReadCancellationTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    // What is checked is the read method (no KILL for a cancelled token), which does not depend on the statement. A
    // plain SLEEP rather than a slow read of information_schema itself: such a read uses an on-disk Aria temporary
    // table, the very MariaDB path that misbehaves (CI once saw "Error on delete of '#sql-temptable-….MAI'" there).
    private const string SlowCatalogRead = "SELECT SLEEP(2)";

    private ServerConnection Admin => new(fixture.Server.Host, fixture.Server.Port, fixture.Server.AdminUser, fixture.Server.AdminPassword, File.ReadAllText(fixture.Server.TlsCaCertificatePath!));

    [Fact]
    public async Task ACancelledCatalogRead_RunsToItsEndOnTheServer_ThenThrows()
    {
        await using var connection = await SnapshotSession.OpenAsync(Admin, "SET NAMES utf8mb4", CancellationToken.None);
        var kills = await CancelWhileRunningAsync(connection, token => SnapshotSession.ReadCatalogRowsAsync(connection, SlowCatalogRead, [], token));
        Assert.Equal(0, kills);

        // The session is idle and usable: the statement ended by itself.
        Assert.Single(await SnapshotSession.ReadRowsAsync(connection, "SELECT 1", [], CancellationToken.None));
    }

    [Fact]
    public async Task ACancelledOrdinaryRead_IsKilledOnTheServer()
    {
        await using var connection = await SnapshotSession.OpenAsync(Admin, "SET NAMES utf8mb4", CancellationToken.None);
        var kills = await CancelWhileRunningAsync(connection, token => SnapshotSession.ReadRowsAsync(connection, "SELECT SLEEP(30)", [], token));
        Assert.True(kills > 0, "MySqlConnector sent no KILL QUERY for a cancelled read");
    }

    /// <summary>
    /// Starts the read, cancels its token once the server shows its SLEEP statement running, expects the cancellation
    /// exception; returns how many KILL statements the server ran meanwhile.
    /// </summary>
    private async Task<long> CancelWhileRunningAsync(MySqlConnection connection, Func<CancellationToken, Task> read)
    {
        await using var watcher = await SqlSession.OpenAsync(fixture.Server.Host, fixture.Server.Port, fixture.Server.AdminUser, fixture.Server.AdminPassword);
        var killsBefore = await KillsAsync(watcher);
        using var cancellation = new CancellationTokenSource();
        var reading = read(cancellation.Token);
        await WaitUntilRunningAsync(watcher, connection.ServerThread);
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        return await KillsAsync(watcher) - killsBefore;
    }

    private static async Task<long> KillsAsync(MySqlConnection watcher)
    {
        await using var command = new MySqlCommand("SHOW GLOBAL STATUS LIKE 'Com_kill'", watcher);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
    }

    /// <summary>Waits until the session shows its SLEEP statement in SHOW PROCESSLIST (so a cancellation lands while it runs).</summary>
    private static async Task WaitUntilRunningAsync(MySqlConnection watcher, int session)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using (var command = new MySqlCommand("SHOW FULL PROCESSLIST", watcher))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    if (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture) == session && !reader.IsDBNull(7) && reader.GetString(7).Contains("SLEEP(", StringComparison.Ordinal))
                    {
                        return;
                    }
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"session {session} never showed its statement running");
            await Task.Delay(20);
        }
    }
}
