using System.Net.Sockets;
using System.Net;
using System.Text.RegularExpressions;
using MySqlConnector;
using Serverless.Platforms.Local.Instances;
using Serverless.Testing;
using Xunit;

namespace Serverless.Platforms.Tests.Instances;

public sealed partial class LocalDatabasePlatformTests
{
    [Fact]
    public async Task Provision_ServesOnAnAddressOfItsOwn_ToTheAdminOverVerifiedTls_WithFlavorSettings()
    {
        await using var root = new LocalPlatformRoot();
        var spec = LocalPlatformRoot.Spec("primary-1", mySqlServerId: 4242);

        var endpoint = await root.Platform.ProvisionAsync(spec, CancellationToken.None);

        var ownAddress = OwnLoopbackAddress().IsMatch(endpoint.Host) && endpoint.Port == 3306;
        var fallback = endpoint.Host == "127.0.0.1" && endpoint.Port != 3306;
        Assert.True(ownAddress || fallback, $"unexpected endpoint {endpoint}");
        var status = await root.Platform.GetStatusAsync(spec.ServerId, CancellationToken.None);
        Assert.Equal(ServerState.Running, status.State);
        Assert.Equal(endpoint, status.Endpoint);
        Assert.Equal(5L << 30, status.VolumeSizeBytes);
        Assert.InRange(status.VolumeUsedBytes, 1, status.VolumeSizeBytes);

        await using var admin = await root.ConnectAdminAsync(endpoint, spec.AdminSecretId);
        Assert.Equal(MariaDbFlavorSettings.BufferPoolBytes(LocalPlatformRoot.SmallFlavor), await LocalPlatformRoot.ScalarAsync(admin, "SELECT @@innodb_buffer_pool_size"));
        Assert.Equal(280L << 20, MariaDbFlavorSettings.BufferPoolBytes(LocalPlatformRoot.SmallFlavor));
        Assert.Equal(77, await LocalPlatformRoot.ScalarAsync(admin, "SELECT @@max_connections"));
        Assert.Equal(4242, await LocalPlatformRoot.ScalarAsync(admin, "SELECT @@server_id"));
        Assert.Equal(0, await LocalPlatformRoot.ScalarAsync(admin, "SELECT @@read_only"));
        Assert.Equal(1, await LocalPlatformRoot.ScalarAsync(admin, "SELECT @@gtid_strict_mode"));
    }

    [Fact]
    public async Task Provision_Replica_IsReadOnly_AndGetsAnotherAddress()
    {
        await using var root = new LocalPlatformRoot();
        var primary = await root.Platform.ProvisionAsync(LocalPlatformRoot.Spec("primary-2", mySqlServerId: 1), CancellationToken.None);
        var replicaSpec = LocalPlatformRoot.Spec("replica-2", mySqlServerId: 2, readOnly: true);

        var replica = await root.Platform.ProvisionAsync(replicaSpec, CancellationToken.None);

        Assert.NotEqual((primary.Host, primary.Port), (replica.Host, replica.Port));
        await using var admin = await root.ConnectAdminAsync(replica, replicaSpec.AdminSecretId);
        Assert.Equal(1, await LocalPlatformRoot.ScalarAsync(admin, "SELECT @@read_only"));
        Assert.Equal(2, await LocalPlatformRoot.ScalarAsync(admin, "SELECT @@server_id"));
    }

    [Fact]
    public async Task Provision_Twice_KeepsEndpointAndPassword_AndKeepsThePasswordInTheSecretStoreOnly()
    {
        await using var root = new LocalPlatformRoot();
        var spec = LocalPlatformRoot.Spec("primary-3");
        var first = await root.Platform.ProvisionAsync(spec, CancellationToken.None);
        var password = await root.Secrets.GetAsync(spec.AdminSecretId, CancellationToken.None);

        var again = await root.Platform.ProvisionAsync(spec, CancellationToken.None);
        var afterHostRestart = await root.NewPlatform().ProvisionAsync(spec, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(first, afterHostRestart);
        Assert.Equal(password, await root.Secrets.GetAsync(spec.AdminSecretId, CancellationToken.None));
        await using (await root.ConnectAdminAsync(again, spec.AdminSecretId))
        {
        }

        Assert.NotNull(password);
        var secretFile = root.Secrets.PathOf(spec.AdminSecretId);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secretFile));
        var status = await root.Platform.GetStatusAsync(spec.ServerId, CancellationToken.None);
        Assert.DoesNotContain(password, status.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, first.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(password, await File.ReadAllTextAsync(root.Platform.RecordPath(spec.ServerId)), StringComparison.Ordinal);
        Assert.DoesNotContain(password, spec.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Provision_WithAnotherSpecForAnExistingServer_IsRefused()
    {
        await using var root = new LocalPlatformRoot();
        var spec = LocalPlatformRoot.Spec("primary-4");
        await root.Platform.ProvisionAsync(spec, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            root.Platform.ProvisionAsync(spec with { Flavor = spec.Flavor with { MaxConnections = 500 } }, CancellationToken.None));
    }

    [Fact]
    public async Task GetAdminAccess_ConnectsAsTheAdmin_VerifyingTheServersCa_OnlyWhileTheServerRuns_AndHoldsNoPassword()
    {
        await using var root = new LocalPlatformRoot();
        var spec = LocalPlatformRoot.Spec("primary-7");
        var endpoint = await root.Platform.ProvisionAsync(spec, CancellationToken.None);
        var password = await root.Secrets.GetAsync(spec.AdminSecretId, CancellationToken.None);

        var access = await root.Platform.GetAdminAccessAsync(spec.ServerId, CancellationToken.None);

        Assert.Equal((endpoint.Host, endpoint.Port, spec.AdminSecretId), (access.Host, access.Port, access.PasswordSecretId));
        Assert.DoesNotContain(password!, access.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", access.CaCertificatePem, StringComparison.Ordinal);

        // The CA handed out is the one that verifies the server: a connection that trusts only it gets through.
        var caFile = Path.Combine(root.Directory, "handed-out-ca.pem");
        await File.WriteAllTextAsync(caFile, access.CaCertificatePem);
        await using (var admin = await SqlSession.OpenAsync(access.Host, access.Port, access.User, password!, caCertificatePath: caFile))
        {
            Assert.Equal(1, await LocalPlatformRoot.ScalarAsync(admin, "SELECT CURRENT_USER() LIKE 'admin@%'"));
            Assert.NotEqual(string.Empty, (string?)await admin.ExecuteScalarAsync("SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'"));
        }

        await root.Platform.StopAsync(spec.ServerId, CancellationToken.None);
        var stopped = await Assert.ThrowsAsync<InvalidOperationException>(() => root.Platform.GetAdminAccessAsync(spec.ServerId, CancellationToken.None));
        Assert.Contains("not running", stopped.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ServerNotFoundException>(() => root.Platform.GetAdminAccessAsync("no-such-server", CancellationToken.None));
    }

    [Fact]
    public async Task Provision_SkipsAnAddressWhosePortAnotherProcessHolds()
    {
        await using var root = new LocalPlatformRoot();
        var port = FreeLoopbackPort();
        using var squatter = new TcpListener(IPAddress.Parse("127.0.0.2"), port);
        squatter.Start();
        var platform = new LocalDatabasePlatform(new LocalDatabasePlatformOptions { StateRoot = root.Directory, PreferredPort = port }, root.Secrets);
        var spec = LocalPlatformRoot.Spec("primary-6");

        var endpoint = await platform.ProvisionAsync(spec, CancellationToken.None);

        Assert.NotEqual("127.0.0.2", endpoint.Host);
        Assert.Equal(port, endpoint.Port);
        await using var admin = await root.ConnectAdminAsync(endpoint, spec.AdminSecretId);
        Assert.Equal(1, await LocalPlatformRoot.ScalarAsync(admin, "SELECT 1"));
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^127\.0\.0\.([2-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-4])$")]
    private static partial Regex OwnLoopbackAddress();
}
