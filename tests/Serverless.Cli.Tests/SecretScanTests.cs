using System.Text;
using Serverless.Testing;
using Serverless.Testing.Secrets;
using Xunit;

namespace Serverless.Cli.Tests;

/// <summary>
/// After a flow that makes secrets (an instance with a user, another user, root enabled, a backup, a replica, all
/// through <c>dbaas</c>), every one of them, and every value in the secret store (admin and replication passwords,
/// keys) and the project's token, is searched for in the host's logs, the catalog, the task hub's tables, queues and
/// blobs, the backup artifacts and their metadata, and the CLI's output: none may be found.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class SecretScanTests(ApiHost host)
{
    private const string Project = "secret-scan";
    private const string Token = "token-secret-scan-73ab5e";
    private const string AppPassword = "Scan-App-Secret-5091";
    private const string SecondPassword = "Scan-Erin-Secret-8823";

    [Fact]
    public async Task SecretsOfAnEndToEndFlow_AppearNowhere_ButWhereTheyBelong()
    {
        host.AddProject(Project, Token);
        var output = new StringBuilder();
        await RunAsync(output, "create", "scan-src", "--flavor", "1", "--size", "1", "--database", "shop", "--user", $"app:{AppPassword}", "--wait");
        await RunAsync(output, "user-create", "scan-src", "erin", SecondPassword, "--databases", "shop");
        // The one place a generated secret belongs: root-enable prints the new root password for its user, once.
        var root = await RunAsync(output: null, "root-enable", "scan-src");
        var rootPassword = root.Field("password");
        await RunAsync(output, "root-show", "scan-src");
        await RunAsync(output, "backup-create", "scan-full", "--instance", "scan-src", "--wait");
        await RunAsync(output, "create", "scan-replica", "--replica-of", "scan-src", "--wait");
        var shown = await RunAsync(output, "show", "scan-src", "--json");
        using var instance = System.Text.Json.JsonDocument.Parse(shown.Out);
        var instanceId = instance.RootElement.GetProperty("id").GetString()!;
        await RunAsync(output, "show", "scan-replica", "--json");
        await RunAsync(output, "user-list", "scan-src");
        await RunAsync(output, "backup-show", "scan-full", "--json");
        await RunAsync(output, "env", "scan-src");

        var secrets = new List<(string Name, string Value)>
        {
            ("the app user's password", AppPassword),
            ("the second user's password", SecondPassword),
            ("the root password", rootPassword),
            ("the project token", Token),
        };
        secrets.AddRange(host.StoredSecrets().Select((value, i) => ($"stored secret #{i}", value)));
        Assert.True(secrets.Count > 5, "the secret store holds no admin or replication password: the scan would prove nothing");

        var places = new List<(string Where, string Text)>();
        places.AddRange(host.Logs.Select(line => ("host log", line)));
        places.Add(("dbaas output", output.ToString()));
        places.AddRange(await StoredText.ReadAllAsync(host.StorageConnectionString, CancellationToken.None));
        // The scan reads what it claims to: the orchestrations' history names the instance, the catalog the replica.
        Assert.Contains(places, place => place.Where.StartsWith($"table {ApiHost.TaskHubName}History", StringComparison.OrdinalIgnoreCase) && place.Text.Contains(instanceId, StringComparison.Ordinal));
        Assert.Contains(places, place => place.Where.StartsWith("blob catalog/", StringComparison.Ordinal) && place.Text.Contains("scan-replica", StringComparison.Ordinal));

        var hits = (
            from secret in secrets
            from place in places
            where place.Text.Contains(secret.Value, StringComparison.Ordinal)
            select $"{secret.Name} in {place.Where}").Distinct().ToList();
        Assert.True(hits.Count == 0, $"{hits.Count} places hold a secret:\n{string.Join("\n", hits.Take(40))}");
    }

    private async Task<CliRun> RunAsync(StringBuilder? output, params string[] args)
    {
        var run = await CliRun.RunAsync(["--endpoint", new Uri(host.BaseAddress, $"/v1.0/{Project}").ToString(), "--token", Token, .. args]);
        Assert.True(run.ExitCode == 0, $"dbaas {string.Join(" ", args)}: {run}");
        output?.Append(run.Out).Append(run.Error);
        return run;
    }
}
