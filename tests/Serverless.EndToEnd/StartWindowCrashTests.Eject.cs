using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MySqlConnector;
using Serverless.Api.Tests;
using Serverless.Testing;
using Xunit;

namespace Serverless.EndToEnd;

/// <summary>
/// The host killed during an eject right after the election (crash point <c>eject-elected</c>): the restarted host starts
/// every server that should run, the dead source's too. That source must come back read-only, so that it never takes a
/// write the promoted replica will not have (split brain), and the failover must still complete.
/// </summary>
public sealed partial class StartWindowCrashTests
{
    private const string AppUser = "app";
    private const string AppPassword = "Window-eject-pw7";

    [Fact]
    public async Task HostKilledAfterTheEjectElected_TheOldSourceComesBackFenced_AndTheFailoverCompletes()
    {
        var source = await WaitForStatusAsync((await PostAsync("instances", new
        {
            instance = new
            {
                name = "window-eject-source",
                flavorRef = 1,
                volume = new { size = 1 },
                databases = new[] { new { name = "appdb" } },
                users = new[] { new { name = AppUser, password = AppPassword, databases = new[] { new { name = "appdb" } } } },
            },
        }, "instance")).GetProperty("id").GetString()!, "ACTIVE");
        var sourceId = source.GetProperty("id").GetString()!;
        string expected;
        await using (var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb"))
        {
            await InstanceData.SeedAsync(connection, 500);
            expected = await InstanceData.FingerprintAsync(connection);
        }

        var replica = await WaitForStatusAsync((await PostAsync("instances", new { instance = new { name = "window-eject-replica", replica_of = sourceId } }, "instance")).GetProperty("id").GetString()!, "ACTIVE");
        var replicaId = replica.GetProperty("id").GetString()!;
        await LocalHostClients.WaitUntilAsync(() => FingerprintAsync(replica), Patience, actual => actual == expected);

        // The source dies; the eject elects the replica and the host dies before anything of the failover is done.
        await StateDirectoryProcesses.KillServerAsync(fixture.StateDirectory, sourceId);
        fixture.Arm("eject-elected");
        using (var api = fixture.Api())
        {
            using var response = await api.PostAsJsonAsync($"instances/{sourceId}/action", new { eject_replica_source = new { } });
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        }

        await LocalHostClients.WaitUntilAsync(() => Task.FromResult(fixture.Host.HasExited), Patience, exited => exited);

        // What the platform will start the old source with is already read-only: the fence came before the election.
        Assert.True(ReadOnlyAtNextStart(sourceId), "the old source would start writable after the election");
        await fixture.RestartAsync();
        output.WriteLine("killed at eject-elected; restarted");

        // The restarted host brought the old source back (it should run): it refuses the application's writes.
        var refused = await Assert.ThrowsAsync<MySqlException>(async () =>
        {
            await using var connection = await InstanceData.OpenAsync(source, AppUser, AppPassword, "appdb");
            await connection.ExecuteAsync("UPDATE items SET note = 'split brain' WHERE id = 1");
        });
        Assert.Equal(MySqlErrorCode.OptionPreventsStatement, refused.ErrorCode);

        var operationId = (await fixture.GetAsync($"instances/{sourceId}/operations", "operations")).EnumerateArray()
            .First(o => o.GetProperty("kind").GetString() == "eject").GetProperty("id").GetString();
        var operation = await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync($"operations/{operationId}", "operation"), Patience, o => o.GetProperty("status").GetString() != "RUNNING");
        Assert.True(operation.GetProperty("status").GetString() == "COMPLETED", $"operations/{operationId}: {operation}");
        var promoted = await WaitForStatusAsync(replicaId, "ACTIVE");
        Assert.False(promoted.TryGetProperty("replica_of", out _));
        Assert.Equal(expected, await FingerprintAsync(promoted));
        await using (var connection = await InstanceData.OpenAsync(promoted, AppUser, AppPassword, "appdb"))
        {
            await connection.ExecuteAsync("UPDATE items SET note = 'after the eject' WHERE id = 1");
        }

        var fenced = await WaitForStatusAsync(sourceId, "ERROR");
        Assert.Equal(replicaId, fenced.GetProperty("replica_of").GetProperty("id").GetString());

        // The old source is now the new source's replica: it goes first.
        foreach (var id in new[] { sourceId, replicaId })
        {
            using (var api = fixture.Api())
            {
                Assert.Equal(HttpStatusCode.Accepted, (await api.DeleteAsync($"instances/{id}")).StatusCode);
            }

            await WaitForGoneAsync(id);
        }
    }

    private static async Task<string> FingerprintAsync(JsonElement instance)
    {
        await using var connection = await InstanceData.OpenAsync(instance, AppUser, AppPassword, "appdb");
        return await InstanceData.FingerprintAsync(connection);
    }

    /// <summary>Whether the local platform's record of the server says read_only for its next start.</summary>
    private bool ReadOnlyAtNextStart(string instanceId)
    {
        using var record = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.StateDirectory, "platform", "servers", instanceId + ".json")));
        return record.RootElement.GetProperty("spec").GetProperty("readOnly").GetBoolean();
    }
}
