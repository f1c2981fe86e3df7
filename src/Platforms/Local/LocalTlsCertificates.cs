using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Serverless.Platforms.Local;

/// <summary>
/// A private CA and a server certificate for 127.0.0.1, ::1, localhost and the server's bind
/// address (when it is a specific IP, such as 127.0.0.3), written as PEM files for <c>ssl_ca</c>,
/// <c>ssl_cert</c> and <c>ssl_key</c>. ECDSA P-256 keeps generation instant. The CA's private key
/// is discarded: nothing else is ever signed with it, so a certificate that lacks an address is
/// replaced together with its CA.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class LocalTlsCertificates
{
    /// <summary>
    /// Writes the certificate files unless all of them exist already and the server certificate
    /// names every address in <see cref="AddressesFor"/>; otherwise (a server moved to another
    /// address) writes a new CA and server certificate.
    /// </summary>
    public static async Task EnsureAsync(MariaDbStateLayout layout, string serverName, string bindAddress, CancellationToken cancellationToken)
    {
        var addresses = AddressesFor(bindAddress);
        if (File.Exists(layout.CaCertificate) && File.Exists(layout.ServerKey) && CoversAll(layout.ServerCertificate, addresses))
        {
            return;
        }

        Directory.CreateDirectory(layout.TlsDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = notBefore.AddYears(10);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=Serverless local CA ({serverName})", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=127.0.0.1", serverKey, HashAlgorithmName.SHA256);
        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (var address in addresses)
        {
            alternativeNames.AddIpAddress(address);
        }

        alternativeNames.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(alternativeNames.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, critical: true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], critical: false));
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, critical: false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var server = serverRequest.Create(ca, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));

        await PrivateFile.WriteAsync(layout.ServerKey, serverKey.ExportPkcs8PrivateKeyPem() + "\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(layout.ServerCertificate, server.ExportCertificatePem() + "\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(layout.CaCertificate, ca.ExportCertificatePem() + "\n", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The IP addresses the server certificate names: both loopbacks and a specific bind address.</summary>
    private static List<IPAddress> AddressesFor(string bindAddress)
    {
        List<IPAddress> addresses = [IPAddress.Loopback, IPAddress.IPv6Loopback];
        if (IPAddress.TryParse(bindAddress, out var bind)
            && !bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any) && !addresses.Contains(bind))
        {
            addresses.Add(bind);
        }

        return addresses;
    }

    /// <summary>False when the certificate is missing, unreadable or lacks one of <paramref name="addresses"/>.</summary>
    private static bool CoversAll(string certificatePath, List<IPAddress> addresses)
    {
        if (!File.Exists(certificatePath))
        {
            return false;
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
            var named = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateIPAddresses()).ToList();
            return addresses.All(named.Contains);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
