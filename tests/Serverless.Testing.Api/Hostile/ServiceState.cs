using Serverless.Storage.Documents;

namespace Serverless.Testing.Hostile;

/// <summary>
/// A copy of what the service keeps for some projects: every catalog document under their prefixes (key and content)
/// and the database servers that exist. Two copies are equal when no request changed anything.
/// </summary>
public static class ServiceState
{
    /// <summary>Reads the catalog documents of <paramref name="projects"/> and the server list into one sorted map.</summary>
    public static async Task<SortedDictionary<string, string>> CaptureAsync(IDocumentStore catalog, IEnumerable<string> projects, IEnumerable<string> servers, CancellationToken cancellationToken)
    {
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var project in projects)
        {
            await foreach (var key in catalog.ListKeysAsync($"projects/{project}/", cancellationToken))
            {
                state[key] = (await catalog.GetAsync(key, cancellationToken))?.Value.ToString() ?? "(gone)";
            }
        }

        foreach (var server in servers)
        {
            state[$"server {server}"] = "exists";
        }

        return state;
    }

    /// <summary>What differs between two copies, one line per key; empty when they are equal.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after) =>
    [
        .. before.Keys.Union(after.Keys).Order(StringComparer.Ordinal)
            .Where(key => !before.TryGetValue(key, out var was) || !after.TryGetValue(key, out var now) || was != now)
            .Select(key => !before.ContainsKey(key) ? $"added {key}" : !after.ContainsKey(key) ? $"removed {key}" : $"changed {key}"),
    ];
}
