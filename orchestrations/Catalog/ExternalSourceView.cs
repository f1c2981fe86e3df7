namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// A MariaDB server outside the service that an instance replicates from (a migration, docs/replication.md "External
/// sources"). The password is in the secret store under <see cref="CatalogIds.ExternalSourceSecret"/>, never here.
/// </summary>
/// <param name="Host">Where the source listens.</param>
/// <param name="Port">Its port.</param>
/// <param name="User">The migration account (replication and read privileges).</param>
/// <param name="Databases">The databases copied and replicated; the source's others are not.</param>
/// <param name="CaCertificatePem">The CA its TLS certificate is verified against; null to encrypt without verifying.</param>
public sealed record ExternalSourceView(string Host, int Port, string User, IReadOnlyList<string> Databases, string? CaCertificatePem)
{
    /// <summary>
    /// How clients see the source in <c>replica_of.id</c>: <c>mysql://host:port</c>. It names the server the data comes
    /// from without credentials, and can never be taken for an instance id (those have no ':' or '/').
    /// </summary>
    public string Id => $"mysql://{Endpoint}";

    /// <summary><c>host:port</c> (IPv6 hosts in brackets), the source's name in <c>replica_of.name</c>.</summary>
    public string Endpoint => $"{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
