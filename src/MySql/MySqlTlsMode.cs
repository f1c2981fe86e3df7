namespace Serverless.MySql;

/// <summary>How a connection uses TLS.</summary>
public enum MySqlTlsMode
{
    /// <summary>Never use TLS.</summary>
    Disabled,

    /// <summary>Use TLS when the server offers it, without verifying its certificate.</summary>
    Preferred,

    /// <summary>Require TLS; fail when the server does not offer it. The certificate is not verified.</summary>
    Required,

    /// <summary>Require TLS and a server certificate that chains to <see cref="MySqlConnectionOptions.TlsCaCertificatePath"/> (or the system roots). The host name is not checked.</summary>
    VerifyCA,

    /// <summary>Like <see cref="VerifyCA"/>, and the certificate must also name the host connected to.</summary>
    VerifyFull,
}
