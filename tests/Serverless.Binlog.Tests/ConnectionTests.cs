using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Serverless.Binlog.Events;
using Serverless.Testing;
using Xunit;

namespace Serverless.Binlog.Tests;

/// <summary>Logging in to a real MariaDB 10.11 as a replica: mysql_native_password, refusals, and TLS with CA verification.</summary>
public sealed class ConnectionTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    [Fact]
    public async Task NativePassword_LogsIn_AndReadsTheBinlog()
    {
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            await sql.ExecuteAsync("CREATE USER IF NOT EXISTS 'native_repl'@'%' IDENTIFIED VIA mysql_native_password USING PASSWORD('n4tive pass')");
            await sql.ExecuteAsync("GRANT REPLICATION SLAVE ON *.* TO 'native_repl'@'%'");
        }

        var options = fixture.Server.ReplicaOptions() with { User = "native_repl", Password = "n4tive pass" };
        await using var client = await BinlogClient.ConnectAsync(options, CancellationToken.None);

        Assert.Equal("mysql_native_password", client.AuthenticationPlugin);
        Assert.True(client.IsMariaDb);
        Assert.StartsWith("10.11", client.ServerVersion, StringComparison.Ordinal);
        Assert.False(client.IsEncrypted);
        var first = await FirstEventsAsync(client);
        Assert.IsType<RotateEvent>(first[0]);
        Assert.IsType<FormatDescriptionEvent>(first[1]);
    }

    [Fact]
    public async Task WrongPassword_IsAccessDenied_WithoutEchoingThePassword()
    {
        var options = fixture.Server.ReplicaOptions() with { Password = "definitely-wrong-9137" };

        var error = await Assert.ThrowsAsync<BinlogServerException>(() => BinlogClient.ConnectAsync(options, CancellationToken.None));

        Assert.Equal(1045, error.ErrorCode);
        Assert.Equal("28000", error.SqlState);
        Assert.DoesNotContain("definitely-wrong-9137", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsupportedPlugin_Ed25519_FailsWithAClearErrorNamingIt()
    {
        await using (var sql = await fixture.Server.OpenSqlAsync())
        {
            await sql.ExecuteAsync("CREATE USER IF NOT EXISTS 'ed_repl'@'%' IDENTIFIED VIA ed25519 USING PASSWORD('ed pass')");
        }

        var options = fixture.Server.ReplicaOptions() with { User = "ed_repl", Password = "ed pass" };

        var error = await Assert.ThrowsAsync<BinlogAuthenticationException>(() => BinlogClient.ConnectAsync(options, CancellationToken.None));

        Assert.Contains("client_ed25519", error.Message, StringComparison.Ordinal);
        Assert.Contains("ed_repl", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(BinlogTlsMode.Preferred)]
    [InlineData(BinlogTlsMode.Required)]
    [InlineData(BinlogTlsMode.VerifyCA)]
    public async Task Tls_EncryptsTheSession_AndTheStream(BinlogTlsMode mode)
    {
        await using var client = await BinlogClient.ConnectAsync(fixture.Server.ReplicaOptions(mode), CancellationToken.None);

        Assert.True(client.IsEncrypted);
        var first = await FirstEventsAsync(client);
        Assert.IsType<FormatDescriptionEvent>(first[1]);
    }

    [Fact]
    public async Task VerifyFull_AcceptsLocalhost_WhichTheCertificateNames()
    {
        var options = fixture.Server.ReplicaOptions(BinlogTlsMode.VerifyFull) with { Host = "localhost" };

        await using var client = await BinlogClient.ConnectAsync(options, CancellationToken.None);

        Assert.True(client.IsEncrypted);
    }

    [Fact]
    public async Task VerifyCA_RefusesAServerSignedByAnotherCA()
    {
        string otherCa;
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Some Other CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            otherCa = certificate.ExportCertificatePem();
        }

        var options = fixture.Server.ReplicaOptions(BinlogTlsMode.VerifyCA) with { TlsCaCertificatePem = otherCa };

        var error = await Assert.ThrowsAsync<BinlogConnectionException>(() => BinlogClient.ConnectAsync(options, CancellationToken.None));

        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_FailsClearly_WhenTheServerOffersNoTls()
    {
        // A loopback listener that sends a MariaDB handshake without the SSL capability.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var serve = Task.Run(async () =>
        {
            using var client = await listener.AcceptTcpClientAsync();
            var handshake = Convert.FromHexString(
                "0A" + Convert.ToHexString("5.5.5-10.11.19-MariaDB\0"u8) + "01000000" + "3132333435363738" + "00" +
                "FEF7" + "2D" + "0200" + "FF81" + "15" + "000000000000" + "00000000" + "31323334353637383930313200" +
                Convert.ToHexString("mysql_native_password\0"u8));
            var header = new byte[] { (byte)handshake.Length, (byte)(handshake.Length >> 8), 0, 0 };
            await client.GetStream().WriteAsync(header);
            await client.GetStream().WriteAsync(handshake);
            _ = await client.GetStream().ReadAsync(new byte[64]);
        });
        var options = new BinlogClientOptions { Host = "127.0.0.1", Port = port, User = "u", Password = "p", ServerId = 5, TlsMode = BinlogTlsMode.Required };

        var error = await Assert.ThrowsAsync<BinlogConnectionException>(() => BinlogClient.ConnectAsync(options, CancellationToken.None));

        Assert.Contains("does not offer it", error.Message, StringComparison.Ordinal);
        await serve.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ServerIdZero_IsRefusedBeforeConnecting()
    {
        var options = fixture.Server.ReplicaOptions() with { ServerId = 0 };

        await Assert.ThrowsAsync<ArgumentException>(() => BinlogClient.ConnectAsync(options, CancellationToken.None));
    }

    /// <summary>The fake rotate and the format description that open every dump.</summary>
    private static async Task<List<BinlogEvent>> FirstEventsAsync(BinlogClient client)
    {
        var events = new List<BinlogEvent>();
        await foreach (var binlogEvent in client.ReadEventsAsync(BinlogStart.AtPosition("mariadb-bin.000001"), null, CancellationToken.None))
        {
            events.Add(binlogEvent);
            if (events.Count == 2)
            {
                break;
            }
        }

        return events;
    }
}
