using Serverless.Testing;
using Xunit;

namespace Serverless.EndToEnd;

/// <summary>Force delete through the real openstack client of an instance whose create the host was killed in.</summary>
public sealed partial class CrashSuiteTests
{
    [Fact]
    public async Task HostKilledMidCreate_ThenOpenStackForceDelete_RemovesTheInstanceAndLeavesNoServer()
    {
        var created = await CreateAsync("crash-force", withUser: false);
        var id = created.GetProperty("id").GetString()!;
        var createOperation = created.GetProperty("operation_id").GetString()!;

        // Killed right after the create was accepted (it takes seconds), so the create is half done. The new host resumes
        // it; force delete's first request, the reset, goes out the moment the host answers again, while the create still
        // runs, and the whole force delete then runs through the openstack client (its reset again, then the delete).
        await fixture.Host.KillAsync();
        await fixture.RestartAsync();
        using (var api = fixture.Api())
        {
            using var reset = await api.PostAsync($"instances/{id}/action", new StringContent("""{"reset_status": {}}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(System.Net.HttpStatusCode.Accepted, reset.StatusCode);
        }

        var afterReset = await fixture.GetAsync($"instances/{id}", "instance");
        var resetOperation = await fixture.GetAsync($"operations/{afterReset.GetProperty("operation_id").GetString()}", "operation");
        Assert.StartsWith($"Reset from BUILD; interrupted the create operation {createOperation}", resetOperation.GetProperty("note").GetString(), StringComparison.Ordinal);
        await new LocalHostClients(fixture, output).OpenStackAsync("database", "instance", "force", "delete", id);
        await WaitForGoneAsync($"instances/{id}");

        // The reset said what it interrupted; the create ended FAILED, and neither it nor the delete left a server behind.
        var create = await LocalHostClients.WaitUntilAsync(
            () => fixture.GetAsync($"operations/{createOperation}", "operation"), Patience, ready: operation => operation.GetProperty("status").GetString() != "RUNNING");
        Assert.Equal("FAILED", create.GetProperty("status").GetString());
        Assert.Contains("reset", create.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        var servers = await LocalHostClients.WaitUntilAsync(
            () => Task.FromResult(StateDirectoryProcesses.Find(fixture.StateDirectory).Count(p => p.CommandLine.Contains(id, StringComparison.Ordinal))),
            Patience,
            ready: count => count == 0);
        Assert.Equal(0, servers);
    }
}
