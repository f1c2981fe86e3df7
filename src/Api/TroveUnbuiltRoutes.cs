namespace Serverless.Api;

/// <summary>
/// The Trove v1.0 calls this service knows and does not offer: they answer 501 <c>notImplemented</c> with a message
/// naming the feature, while a path Trove does not have answers 404 <c>itemNotFound</c> (docs/trove-clients.md §8.2).
/// One table, consulted by the catch-all route on both homes.
/// </summary>
internal static class TroveUnbuiltRoutes
{
    // Patterns below the project; {x} matches one segment. The method list is the Trove API's for that path.
    private static readonly (string[] Methods, string Pattern, string Feature)[] Table =
    [
        (["GET"], "limits", "limits"),
        (["POST"], "clusters", "clusters"),
        (["DELETE", "PATCH", "PUT"], "clusters/{x}", "clusters"),
        (["POST"], "clusters/{x}/action", "clusters"),
        (["GET", "POST"], "modules", "modules"),
        (["GET", "PUT", "DELETE"], "modules/{x}", "modules"),
        (["GET"], "modules/{x}/instances", "modules"),
        (["GET", "POST"], "instances/{x}/modules", "modules"),
        (["DELETE"], "instances/{x}/modules/{x}", "modules"),
        (["GET", "POST"], "instances/{x}/log", "guest logs"),
        (["GET", "POST", "DELETE"], "backup_strategies", "backup strategies"),
        (["GET", "POST"], "security-groups", "security groups"),
        (["GET", "DELETE"], "security-groups/{x}", "security groups"),
        (["POST"], "security-group-rules", "security groups"),
        (["DELETE"], "security-group-rules/{x}", "security groups"),
        (["PUT"], "instances/{x}/users", "updating several users at once"),
        (["DELETE"], "instances/{x}/users/{x}/databases", "revoking every database at once"),
        (["GET"], "instances/{x}/replicas", "replication"),
    ];

    /// <summary>The feature a known-but-unbuilt call belongs to; null when Trove has no such call.</summary>
    /// <param name="method">The request method.</param>
    /// <param name="path">The path below <c>/v1.0/{project_id}/</c>.</param>
    public static string? FeatureOf(string method, string? path)
    {
        var segments = (path ?? "").Trim('/').Split('/');
        foreach (var (methods, pattern, feature) in Table)
        {
            var parts = pattern.Split('/');
            if (parts.Length == segments.Length
                && methods.Contains(method, StringComparer.OrdinalIgnoreCase)
                && parts.Zip(segments).All(pair => pair.First == "{x}" ? pair.Second.Length > 0 : pair.First == pair.Second))
            {
                return feature;
            }
        }

        return null;
    }
}
