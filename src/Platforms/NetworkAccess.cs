namespace Serverless.Platforms;

/// <summary>
/// Who may reach a server over the network (Trove <c>access</c>): a public server admits the listed IPv4 networks, or
/// every address when none are listed; a private one admits no public address.
/// </summary>
/// <param name="IsPublic">Whether the server is reachable from outside its private network.</param>
/// <param name="AllowedCidrs">The IPv4 networks (<c>a.b.c.d/n</c>) allowed to connect; empty for every address.</param>
public sealed record NetworkAccess(bool IsPublic, IReadOnlyList<string> AllowedCidrs)
{
    /// <summary>Whether <paramref name="other"/> admits the same addresses (the order of the networks aside).</summary>
    /// <param name="other">The access to compare with.</param>
    /// <returns>True when both admit the same addresses.</returns>
    public bool SameAs(NetworkAccess? other) =>
        other is not null && IsPublic == other.IsPublic && AllowedCidrs.Order(StringComparer.Ordinal).SequenceEqual(other.AllowedCidrs.Order(StringComparer.Ordinal), StringComparer.Ordinal);
}
