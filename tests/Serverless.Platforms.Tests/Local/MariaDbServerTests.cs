using System.Net;
using System.Net.Sockets;
using Serverless.Testing;
using Serverless.Platforms.Local;
using Xunit;

namespace Serverless.Platforms.Tests.Local;

public sealed class MariaDbServerTests
{
    private static MariaDbServerOptions Options(string name) => new() { Name = name };

    [Fact]
    public async Task StartAsync_ServesAdminOverTcp_WithReplicationReadyConfiguration()
    {
        await using var server = await MariaDbServer.StartAsync(Options("config") with { ServerId = 42 }, CancellationToken.None);

        var row = await MariaDbCommandLine.QueryAsync(server,
            "SELECT 1, @@server_id, @@log_bin, @@binlog_format, @@gtid_strict_mode, @@log_slave_updates, @@max_allowed_packet, @@local_infile, @@skip_name_resolve");

        Assert.Equal("1\t42\t1\tROW\t1\t1\t1073741824\t1\t1", row);
        Assert.Equal("127.0.0.1", server.Host);
        Assert.True(File.Exists(server.SocketPath));
        Assert.Null(server.TlsCaCertificatePath);
        Assert.Null(server.TlsServerCertificatePath);
    }

    [Fact]
    public async Task StartAsync_GivesEachServerItsOwnPortDirectoryAndPassword()
    {
        await using var first = await MariaDbServer.StartAsync(Options("first"), CancellationToken.None);
        await using var second = await MariaDbServer.StartAsync(Options("second"), CancellationToken.None);

        Assert.NotEqual(first.Port, second.Port);
        Assert.NotEqual(first.DataDirectory, second.DataDirectory);
        Assert.NotEqual(first.AdminPassword, second.AdminPassword);
        Assert.Equal("1", await MariaDbCommandLine.QueryAsync(first, "SELECT 1"));
        Assert.Equal("1", await MariaDbCommandLine.QueryAsync(second, "SELECT 1"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => MariaDbCommandLine.QueryAsync(second, "SELECT 1", password: first.AdminPassword));
    }

    [Fact]
    public async Task StartAsync_KeepsAdminPasswordOutOfLogsBinlogAndDisk()
    {
        await using var server = await MariaDbServer.StartAsync(Options("secret"), CancellationToken.None);

        var gtidPosition = await MariaDbCommandLine.QueryAsync(server, "SELECT @@gtid_binlog_pos");
        var binlog = await MariaDbCommandLine.QueryAsync(server, "SHOW BINLOG EVENTS");
        var filesMentioningPassword = Directory.EnumerateFiles(server.StateDirectory, "*", SearchOption.AllDirectories)
            .Where(file => file != server.SocketPath && File.ReadAllText(file).Contains(server.AdminPassword, StringComparison.Ordinal));

        Assert.Equal("", gtidPosition);
        Assert.DoesNotContain("admin", binlog, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(filesMentioningPassword);
    }

    [Fact]
    public async Task StartAsync_LoadsEd25519_SoTestsCanCreateEd25519Users()
    {
        await using var server = await MariaDbServer.StartAsync(Options("ed25519"), CancellationToken.None);

        await MariaDbCommandLine.QueryAsync(server, "CREATE USER 'edward'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('s3cret-pw')");
        var plugin = await MariaDbCommandLine.QueryAsync(server, "SELECT plugin FROM mysql.user WHERE user = 'edward'");
        var who = await MariaDbCommandLine.QueryAsync(server, "SELECT CURRENT_USER()", user: "edward", password: "s3cret-pw");

        Assert.Equal("ed25519", plugin);
        Assert.Equal("edward@%", who);
    }

    [Fact]
    public async Task ExtraSettings_ReplaceGeneratedSettingsAndAddNewOnes_AndReplicatedDatabasesBecomeEscapedFilters()
    {
        var options = Options("extra") with
        {
            ExtraSettings = new Dictionary<string, string> { ["max-allowed-packet"] = "64M", ["read_only"] = "ON" },
            ReplicatedDatabases = ["app_db", "shop"],
        };
        await using var server = await MariaDbServer.StartAsync(options, CancellationToken.None);

        var row = await MariaDbCommandLine.QueryAsync(server, "SELECT @@max_allowed_packet, @@read_only, @@replicate_wild_do_table");

        // The underscore stays a literal (app\_db.%, shown by --batch with its backslash escaped), not a wildcard that
        // would let appXdb's writes in.
        Assert.Equal("67108864\t1\tapp\\\\_db.%,shop.%", row);
    }

    [Fact]
    public async Task DisposeAsync_StopsServerAndDeletesStateDirectory()
    {
        var server = await MariaDbServer.StartAsync(Options("dispose"), CancellationToken.None);
        var pid = server.ProcessId;
        var state = server.StateDirectory;
        Assert.True(LinuxProcess.IsAlive(pid));

        await server.DisposeAsync();

        Assert.False(LinuxProcess.IsAlive(pid));
        Assert.False(Directory.Exists(state));
        Assert.True(server.HasExited);
    }

    [Fact]
    public async Task StopAsync_ShutsDownCleanly_AndLeavesDataForInspection()
    {
        await using var server = await MariaDbServer.StartAsync(Options("stop"), CancellationToken.None);

        await server.StopAsync(CancellationToken.None);

        Assert.True(server.HasExited);
        Assert.Contains("Shutdown complete", await File.ReadAllTextAsync(server.ErrorLogPath), StringComparison.Ordinal);
        Assert.True(Directory.Exists(server.DataDirectory));
    }

    [Fact]
    public async Task Kill_EndsServerAtOnce()
    {
        await using var server = await MariaDbServer.StartAsync(Options("kill"), CancellationToken.None);
        var query = MariaDbCommandLine.QueryAsync(server, "SELECT SLEEP(30)");
        await Task.Delay(300);

        server.Kill();

        await server.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
        Assert.False(LinuxProcess.IsAlive(server.ProcessId));
        await Assert.ThrowsAsync<InvalidOperationException>(() => query);
    }

    [Fact]
    public async Task StartAsync_WithInvalidSetting_ThrowsWithErrorLogTail_AndCleansUp()
    {
        var options = Options("broken") with { ExtraSettings = new Dictionary<string, string> { ["no_such_setting"] = "1" } };
        var before = Directory.EnumerateDirectories(MariaDbServer.SharedRoot, "broken-*").ToList();

        var error = await Assert.ThrowsAsync<MariaDbServerStartException>(() => MariaDbServer.StartAsync(options, CancellationToken.None));

        Assert.Contains("no_such_setting", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Directory.EnumerateDirectories(MariaDbServer.SharedRoot, "broken-*").ToList());
    }

    [Fact]
    public async Task StartAsync_OnTakenExplicitPort_ThrowsWithBindError()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<MariaDbServerStartException>(
            () => MariaDbServer.StartAsync(Options("taken") with { Port = port }, CancellationToken.None));

        Assert.Contains("Address already in use", error.ErrorLogTail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_OnAddressAnotherServerHolds_ThrowsWithBindError_AndTheOtherKeepsServing()
    {
        var port = FreePort.Find("127.0.0.2");
        await using var holder = await MariaDbServer.StartAsync(Options("holder") with { BindAddress = "127.0.0.2", Port = port }, CancellationToken.None);

        // While the second mariadbd initializes, the holder answers handshakes on the same address;
        // readiness must not take that answer for the second server's.
        var error = await Assert.ThrowsAsync<MariaDbServerStartException>(
            () => MariaDbServer.StartAsync(Options("intruder") with { BindAddress = "127.0.0.2", Port = port }, CancellationToken.None));

        Assert.Contains("Address already in use", error.ErrorLogTail, StringComparison.Ordinal);
        Assert.False(holder.HasExited);
        Assert.Equal(holder.DataDirectory + "/", await MariaDbCommandLine.QueryAsync(holder, "SELECT @@datadir"));
    }

    [Fact]
    public async Task StartAsync_OnSpecificBindAddress_AcceptsVerifyFullConnectionToThatAddress()
    {
        await using var server = await MariaDbServer.StartAsync(Options("tls-bind") with { BindAddress = "127.0.0.3", EnableTls = true }, CancellationToken.None);

        Assert.Equal("127.0.0.3", await VerifiedFullScalarAsync(server, "SELECT @@bind_address"));
    }

    [Fact]
    public async Task StartAsync_OnStateCertifiedForAnotherAddress_CertifiesTheNewBindAddress()
    {
        var state = Path.Combine(Path.GetTempPath(), $"serverless-rebind-test-{Guid.NewGuid():N}");
        var options = Options("rebind") with { StateDirectory = state, DeleteStateOnDispose = false, EnableTls = true };
        try
        {
            await using (var first = await MariaDbServer.StartAsync(options, CancellationToken.None))
            {
                Assert.Equal("127.0.0.1", await VerifiedFullScalarAsync(first, "SELECT @@bind_address"));
            }

            await using var moved = await MariaDbServer.StartAsync(options with { BindAddress = "127.0.0.3" }, CancellationToken.None);

            Assert.Equal("127.0.0.3", await VerifiedFullScalarAsync(moved, "SELECT @@bind_address"));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_OnExistingState_ReusesDataAndPasswordFile()
    {
        var state = Path.Combine(Path.GetTempPath(), $"serverless-reuse-test-{Guid.NewGuid():N}");
        var options = Options("reuse") with
        {
            StateDirectory = state,
            AdminPasswordFile = Path.Combine(state, "admin-password"),
            Guarded = false,
            DeleteStateOnDispose = false,
            EnableTls = true,
        };
        try
        {
            string password;
            string caCertificate;
            await using (var first = await MariaDbServer.StartAsync(options, CancellationToken.None))
            {
                password = first.AdminPassword;
                caCertificate = await File.ReadAllTextAsync(first.TlsCaCertificatePath!);
                await MariaDbCommandLine.QueryAsync(first, "CREATE DATABASE kept; CREATE TABLE kept.t (id INT PRIMARY KEY); INSERT INTO kept.t VALUES (7)");
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(options.AdminPasswordFile!));
            await using var second = await MariaDbServer.StartAsync(options, CancellationToken.None);

            Assert.Equal(password, second.AdminPassword);
            Assert.Equal(password + "\n", await File.ReadAllTextAsync(options.AdminPasswordFile!));
            Assert.Equal(caCertificate, await File.ReadAllTextAsync(second.TlsCaCertificatePath!));
            Assert.Equal("7", await MariaDbCommandLine.QueryAsync(second, "SELECT id FROM kept.t", verifiedTls: true));
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_OnStateOfRunningServer_RefusesToStartASecondOne()
    {
        await using var server = await MariaDbServer.StartAsync(Options("busy"), CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => MariaDbServer.StartAsync(Options("busy") with { StateDirectory = server.StateDirectory, DeleteStateOnDispose = false }, CancellationToken.None));

        Assert.Contains("in use", error.Message, StringComparison.Ordinal);
        Assert.Equal("1", await MariaDbCommandLine.QueryAsync(server, "SELECT 1"));
    }

    private static async Task<object?> VerifiedFullScalarAsync(MariaDbServer server, string sql)
    {
        var connection = await SqlSession.OpenAsync(server.Host, server.Port, server.AdminUser, server.AdminPassword, caCertificatePath: server.TlsCaCertificatePath);
        await using (connection)
        {
            return await connection.ExecuteScalarAsync(sql);
        }
    }
}
