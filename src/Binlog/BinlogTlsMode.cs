namespace Serverless.Binlog;

/// <summary>How a <see cref="BinlogClient"/> uses TLS.</summary>
public enum BinlogTlsMode
{
    /// <summary>Never use TLS.</summary>
    Disabled,

    /// <summary>Use TLS when the server offers it, without verifying its certificate.</summary>
    Preferred,

    /// <summary>Require TLS; fail when the server does not offer it. The certificate is not verified.</summary>
    Required,

    /// <summary>
    /// Require TLS and a server certificate that chains to <see cref="BinlogClientOptions.TlsCaCertificatePem"/>
    /// (or to the system roots when none is given). The host name is not checked.
    /// </summary>
    VerifyCA,

    /// <summary>Like <see cref="VerifyCA"/>, and the certificate must also name the host connected to.</summary>
    VerifyFull,
}
