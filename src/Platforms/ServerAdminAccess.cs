namespace Serverless.Platforms;

/// <summary>
/// How to reach a server as its admin account, in terms of no particular client library. The password is not
/// here: read it from the <see cref="ISecretStore"/> under <see cref="PasswordSecretId"/>, use it for the
/// connection and drop it.
/// </summary>
/// <param name="Host">Host name or IP address.</param>
/// <param name="Port">TCP port.</param>
/// <param name="User">The admin account.</param>
/// <param name="PasswordSecretId">The id of the admin password in the secret store.</param>
/// <param name="CaCertificatePem">
/// The PEM certificate of the CA that signed the server's TLS certificate, to verify the server against; null when
/// the server's certificate chains to a CA the system trusts (as Azure Database for MySQL's does).
/// </param>
public sealed record ServerAdminAccess(string Host, int Port, string User, string PasswordSecretId, string? CaCertificatePem);
