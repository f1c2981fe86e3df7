namespace Serverless.Platforms;

/// <summary>The size of a server: what a flavor in the catalog stands for.</summary>
/// <param name="VCpus">Virtual CPUs; informational for local servers, which share the machine.</param>
/// <param name="RamMegabytes">Memory; the InnoDB buffer pool gets a little over half of it.</param>
/// <param name="MaxConnections">The server's <c>max_connections</c>.</param>
public sealed record FlavorSpec(int VCpus, int RamMegabytes, int MaxConnections);
