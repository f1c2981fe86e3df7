using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Serverless.Testing;
using Xunit;

namespace Serverless.MySql.Tests;

public sealed class TlsTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    [Theory]
    [InlineData(MySqlTlsMode.Preferred)]
    [InlineData(MySqlTlsMode.Required)]
    [InlineData(MySqlTlsMode.VerifyCA)]
    [InlineData(MySqlTlsMode.VerifyFull)]
    public async Task TlsModes_EncryptTheSession(MySqlTlsMode mode)
    {
        await using var connection = await fixture.Server.OpenAdminAsync(mode);

        Assert.True(connection.IsEncrypted);
        await using var reader = await connection.QueryAsync("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
        Assert.True(await reader.ReadAsync());
        Assert.NotEmpty(reader.GetString(1));
    }

    [Fact]
    public async Task Disabled_DoesNotEncrypt()
    {
        await using var connection = await fixture.Server.OpenAdminAsync(MySqlTlsMode.Disabled);

        Assert.False(connection.IsEncrypted);
        await using var reader = await connection.QueryAsync("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
        Assert.True(await reader.ReadAsync());
        Assert.Empty(reader.GetString(1));
    }

    [Fact]
    public async Task VerifyFull_AcceptsLocalhost_WhichTheCertificateNames()
    {
        var options = fixture.Server.AdminOptions(MySqlTlsMode.VerifyFull) with { Host = "localhost" };

        await using var connection = await MySqlConnection.OpenAsync(options);

        Assert.True(connection.IsEncrypted);
    }

    [Fact]
    public async Task VerifyCA_RefusesAServerSignedByAnotherCA()
    {
        var otherCa = Path.Combine(Path.GetTempPath(), $"other-ca-{Guid.NewGuid():N}.pem");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Some Other CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(otherCa, certificate.ExportCertificatePem());
        }

        try
        {
            var options = fixture.Server.AdminOptions(MySqlTlsMode.VerifyCA) with { TlsCaCertificatePath = otherCa };

            var error = await Assert.ThrowsAsync<MySqlConnectionException>(() => MySqlConnection.OpenAsync(options));

            Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(otherCa);
        }
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
        var options = new MySqlConnectionOptions { Host = "127.0.0.1", Port = port, User = "u", Password = "p", TlsMode = MySqlTlsMode.Required };

        var error = await Assert.ThrowsAsync<MySqlConnectionException>(() => MySqlConnection.OpenAsync(options));

        Assert.Contains("does not offer it", error.Message, StringComparison.Ordinal);
        await serve.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
