using Serverless.Platforms.Local;
using Serverless.Testing;
using Xunit;

namespace Serverless.Cli.Tests;

/// <summary>
/// <c>dbaas create --replicate-from</c> from a MariaDB server the service does not manage, its password from the
/// environment or a file (never the command line), <c>show</c> naming the external source, and <c>detach</c> as the
/// cut-over; the password appears in no output and no log.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class MigrationCommandTests(ApiHost host)
{
    private const string Password = "cli-M1grate-Pass-31";

    [Fact]
    public async Task CreateReplicateFrom_ShowsTheExternalSource_AndDetachCutsOver()
    {
        await using var external = await MariaDbServer.StartAsync(
            new MariaDbServerOptions { Name = "cli-external", EnableTls = true, ServerId = 515_151, Guarded = true }, CancellationToken.None);
        await using (var admin = await SqlSession.OpenAsync(external.Host, external.Port, external.AdminUser, external.AdminPassword))
        {
            await admin.ExecuteAsync(
                "CREATE DATABASE legacy; CREATE TABLE legacy.orders (id INT PRIMARY KEY, total INT); INSERT INTO legacy.orders VALUES (1, 10), (2, 20), (3, 30); "
                + $"CREATE USER migrator@'%' IDENTIFIED BY '{Password}'; GRANT REPLICATION SLAVE ON *.* TO migrator@'%'; GRANT SELECT ON legacy.* TO migrator@'%'");
        }

        var source = $"mysql://migrator@{external.Host}:{external.Port}/legacy?ca={Uri.EscapeDataString(external.TlsCaCertificatePath!)}";

        // The password never goes on the command line: in the URL it is refused without being echoed; without one it is asked for.
        var inUrl = await RunAsync(null, "create", "cli-migrated", "--flavor", "1", "--size", "1", "--replicate-from", source.Replace("migrator@", $"migrator:{Password}@", StringComparison.Ordinal));
        Assert.True(inUrl.ExitCode != 0, inUrl.ToString());
        ErrorTests.AssertOneErrorLine(inUrl);
        Assert.DoesNotContain(Password, inUrl.Out + inUrl.Error, StringComparison.Ordinal);
        var none = await RunAsync(null, "create", "cli-migrated", "--flavor", "1", "--size", "1", "--replicate-from", source);
        Assert.True(none.ExitCode != 0, none.ToString());
        Assert.Contains("DBAAS_SOURCE_PASSWORD", none.Error, StringComparison.Ordinal);

        var created = await RunAsync(Password, "create", "cli-migrated", "--flavor", "1", "--size", "1", "--replicate-from", source, "--wait");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal("ACTIVE", created.Field("status"));
        Assert.Equal($"{external.Host}:{external.Port} (mysql://{external.Host}:{external.Port})", created.Field("replica_of"));
        Assert.Equal("replica, running", created.Field("replication"));

        var promote = await RunAsync(null, "promote", "cli-migrated");
        Assert.True(promote.ExitCode != 0, promote.ToString());
        Assert.Contains("external server", promote.Error, StringComparison.Ordinal);

        var detached = await RunAsync(null, "detach", "cli-migrated", "--wait");
        Assert.True(detached.ExitCode == 0, detached.ToString());
        Assert.Equal("ACTIVE", detached.Field("status"));
        Assert.DoesNotContain("replica_of", detached.Out, StringComparison.Ordinal);

        // The same source again, the password from a file this time; then the new instance is deleted unfinished.
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, Password + "\n");
            var fromFile = await RunAsync(null, "create", "cli-migrated-2", "--flavor", "1", "--size", "1", "--replicate-from", source, "--source-password-file", file, "--wait");
            Assert.True(fromFile.ExitCode == 0, fromFile.ToString());
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal(0, (await RunAsync(null, "delete", "cli-migrated", "--wait")).ExitCode);
        Assert.Equal(0, (await RunAsync(null, "delete", "cli-migrated-2", "--wait")).ExitCode);
        Assert.DoesNotContain(host.Logs, line => line.Contains(Password, StringComparison.Ordinal));
    }

    private Task<CliRun> RunAsync(string? password, params string[] args)
    {
        host.AddProject(CliRun.Project, CliRun.Token);
        return CliRun.RunAsync(
            ["--endpoint", CliRun.Endpoint(host), "--token", CliRun.Token, .. args],
            name => name == "DBAAS_SOURCE_PASSWORD" ? password : null);
    }
}
