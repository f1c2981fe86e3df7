using System.Diagnostics;
using Serverless.Testing;
using Xunit;

namespace Serverless.MySql.Tests;

/// <summary>Each class owns its server because the tests kill or freeze it.</summary>
public sealed class ServerKilledTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    [Fact]
    public async Task ServerKilledMidQuery_SurfacesAClearConnectionError()
    {
        await using var connection = await fixture.Server.OpenAdminAsync();
        var query = connection.ExecuteAsync("SELECT SLEEP(30)");
        await Task.Delay(300);
        var stopwatch = Stopwatch.StartNew();

        fixture.Server.Kill();
        var error = await Assert.ThrowsAsync<MySqlConnectionException>(() => query);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"the failure took {stopwatch.Elapsed} to surface");
        Assert.Contains(fixture.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Contains("open a new connection", error.Message, StringComparison.Ordinal);
        Assert.True(connection.IsBroken);
        var next = await Assert.ThrowsAsync<MySqlConnectionException>(() => connection.ExecuteAsync("SELECT 1"));
        Assert.Contains("broken", next.Message, StringComparison.Ordinal);
    }
}

public sealed class FrozenServerTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    [Fact]
    public async Task ServerThatStopsAnswering_IsCutOff_AfterTheCommandTimeoutAndGrace()
    {
        var options = fixture.Server.AdminOptions() with { CommandTimeout = TimeSpan.FromMilliseconds(500) };
        await using var connection = await MySqlConnection.OpenAsync(options);
        using var freeze = Process.Start("kill", ["-STOP", fixture.Server.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await freeze.WaitForExitAsync();
        await WaitUntilStoppedAsync(fixture.Server.ProcessId);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var error = await Assert.ThrowsAsync<MySqlTimeoutException>(() => connection.ExecuteAsync("SELECT 1"));

            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"the call hung for {stopwatch.Elapsed}");
            Assert.Contains("closed", error.Message, StringComparison.Ordinal);
            Assert.True(connection.IsBroken);
        }
        finally
        {
            using var thaw = Process.Start("kill", ["-CONT", fixture.Server.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await thaw.WaitForExitAsync();
        }

        await using var fresh = await MySqlConnection.OpenAsync(options);
        Assert.Equal(1L, await fresh.ExecuteScalarAsync("SELECT 1"));
    }

    /// <summary>SIGSTOP takes effect asynchronously; wait until the kernel reports the process stopped ('T').</summary>
    private static async Task WaitUntilStoppedAsync(int processId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            var stat = await File.ReadAllTextAsync($"/proc/{processId}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            if (state == "T")
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"mariadbd (pid {processId}) did not stop; state {state}");
            await Task.Delay(10);
        }
    }
}
