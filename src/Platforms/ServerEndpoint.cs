namespace Serverless.Platforms;

/// <summary>Where clients connect to a server, and how they verify it.</summary>
/// <param name="Host">Host name or IP address.</param>
/// <param name="Port">TCP port.</param>
/// <param name="TlsCaCertificatePath">A PEM file with the CA that signed the server certificate; null when there is none to trust beyond the system roots.</param>
public sealed record ServerEndpoint(string Host, int Port, string? TlsCaCertificatePath);
