using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Serverless.Api.Tests;
using Xunit;

namespace Serverless.EndToEnd;

/// <summary>
/// The instance's database server SIGKILLed while a full backup dumps it: the backup must fail saying the server
/// stopped (not retry against a dead server, not record anything), and the instance must show ERROR with that fault
/// rather than ACTIVE.
/// </summary>
public sealed class ServerFaultTests(CrashSuiteFixture fixture) : IClassFixture<CrashSuiteFixture>
{
    private const string AppUser = "app";
    private const string AppPassword = "Server-fault-pw4";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public Task ServerKilledDuringADump_TheBackupFailsSayingSo_AndTheInstanceShowsError() =>
        KillServerDuringBackupAsync("fault-dump", rows: 300_000, killMidDump: true);

    /// <summary>
    /// Killed as soon as the backup is accepted, so the dump step finds no server to connect to: the same failure and
    /// fault as a kill mid-dump, not the platform's "is not running" from the step's first connection.
    /// </summary>
    [Fact]
    public Task ServerKilledBeforeTheDumpConnects_TheBackupFailsSayingSo_AndTheInstanceShowsError() =>
        KillServerDuringBackupAsync("fault-early", rows: 0, killMidDump: false);

    private async Task KillServerDuringBackupAsync(string name, int rows, bool killMidDump)
    {
        var instance = await PostAsync("instances", new
        {
            instance = new
            {
                name,
                flavorRef = 1,
                volume = new { size = 1 },
                databases = new[] { new { name = "appdb" } },
                users = new[] { new { name = AppUser, password = AppPassword, databases = new[] { new { name = "appdb" } } } },
            },
        }, "instance");
        var id = instance.GetProperty("id").GetString()!;
        instance = await WaitForAsync($"instances/{id}", "instance", "ACTIVE");
        if (rows > 0)
        {
            await using var connection = await InstanceData.OpenAsync(instance, AppUser, AppPassword, "appdb");
            // Enough rows that the dump is still running when the server is killed.
            await InstanceData.SeedAsync(connection, rows);
        }

        var backup = await PostAsync("backups", new { backup = new { name = $"{name}-backup", instance = id } }, "backup");
        var backupId = backup.GetProperty("id").GetString()!;
        if (killMidDump)
        {
            await fixture.WaitForRunningStepAsync(backup.GetProperty("operation_id").GetString()!, (step, _) => step == "dump-snapshot", Patience);
        }

        var server = Assert.Single(StateDirectoryProcesses.Find(fixture.StateDirectory), p => p.CommandLine.Contains("mariadbd", StringComparison.Ordinal) && p.CommandLine.Contains(id, StringComparison.Ordinal));
        await CommandLine.RunAsync("kill", ["-KILL", server.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        var failed = await WaitForAsync($"backups/{backupId}", "backup", "FAILED");
        var operation = await fixture.GetAsync($"operations/{failed.GetProperty("operation_id").GetString()}", "operation");
        Assert.Equal("FAILED", operation.GetProperty("status").GetString());
        Assert.Contains("stopped during the backup", operation.GetProperty("error").GetString(), StringComparison.Ordinal);
        var broken = await WaitForAsync($"instances/{id}", "instance", "ERROR");
        Assert.Contains("stopped during the backup", broken.GetProperty("fault").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> PostAsync(string path, object body, string key)
    {
        using var api = fixture.Api();
        using var response = await api.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty(key).Clone();
    }

    private async Task<JsonElement> WaitForAsync(string path, string key, string status)
    {
        var last = await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync(path, key), Patience, r => r.GetProperty("status").GetString() == status);
        Assert.True(last.GetProperty("status").GetString() == status, $"{path}: {last}");
        return last;
    }
}
