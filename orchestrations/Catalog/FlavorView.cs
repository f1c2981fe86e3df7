namespace Serverless.Orchestrations.Catalog;

/// <summary>A flavor: the size of an instance's server (Trove/nova flavors).</summary>
/// <param name="Id">The flavor id, for example <c>1</c>.</param>
/// <param name="Name">The flavor name, for example <c>m1.tiny</c>.</param>
/// <param name="RamMegabytes">Memory.</param>
/// <param name="VCpus">Virtual CPUs.</param>
/// <param name="DiskGigabytes">The nominal disk size of the flavor (the data volume is sized per instance).</param>
/// <param name="MaxConnections">The server's <c>max_connections</c>.</param>
public sealed record FlavorView(string Id, string Name, int RamMegabytes, int VCpus, int DiskGigabytes, int MaxConnections);
