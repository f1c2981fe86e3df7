using System.Security.Cryptography.X509Certificates;
using Serverless.Platforms.Local;
using Serverless.Testing;
using Xunit;

namespace Serverless.Platforms.Tests.Local;

public sealed class MariaDbServerFixtureTests(MariaDbServerFixture fixture) : IClassFixture<MariaDbServerFixture>
{
    private MariaDbServer Server => fixture.Server;

    [Fact]
    public void Fixture_StartsGuardedServerWithTls_AndWritesPemFiles()
    {
        Assert.True(Server.Options.Guarded);
        Assert.True(File.Exists(Server.TlsCaCertificatePath));
        Assert.True(File.Exists(Server.TlsServerCertificatePath));
        var key = Path.Combine(Path.GetDirectoryName(Server.TlsServerCertificatePath)!, "server-key.pem");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
    }

    [Fact]
    public void ServerCertificate_ChainsToCa_AndNamesLoopback()
    {
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Server.TlsCaCertificatePath!));
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Server.TlsServerCertificatePath!));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        Assert.True(chain.Build(certificate));
        Assert.True(certificate.MatchesHostname("127.0.0.1"));
        Assert.True(certificate.MatchesHostname("localhost"));
    }

    [Fact]
    public async Task Server_AcceptsTlsConnectionsVerifiedAgainstCa()
    {
        var cipher = await MariaDbCommandLine.QueryAsync(Server, "SHOW SESSION STATUS LIKE 'Ssl_version'", verifiedTls: true);

        Assert.StartsWith("Ssl_version\tTLSv1.", cipher, StringComparison.Ordinal);
    }
}
