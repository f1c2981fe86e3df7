using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Serverless.Testing;

/// <summary>
/// A throw-away self-signed certificate for https servers on 127.0.0.1 that stand in for Azure services in tests
/// (Azure SDK clients send bearer tokens over https only). Clients trust it by thumbprint.
/// </summary>
public static class LoopbackCertificate
{
    /// <summary>Creates a certificate for 127.0.0.1, valid for an hour, with a private key Kestrel can use.</summary>
    /// <returns>The certificate; the caller disposes it.</returns>
    public static X509Certificate2 Create()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // Kestrel wants a certificate whose key it can use directly; a PKCS#12 round trip gives one.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>An HTTP handler that trusts exactly <paramref name="certificate"/>.</summary>
    /// <param name="certificate">The server's certificate.</param>
    /// <returns>The handler.</returns>
    public static HttpClientHandler TrustingHandler(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var thumbprint = certificate.Thumbprint;
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint,
        };
    }
}
