using System.Net;
using System.Text.RegularExpressions;
using Serverless.Testing;
using Serverless.Testing.Hostile;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>
/// Every route of the table, called by another project: with its own token on the owner's path (403), and on its own
/// path with the owner's ids (404, word for word the answer for an id that never existed). No answer carries a name or
/// an id of the owner's that the caller did not send itself, and nothing of the owner's changes.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class TenantIsolationTests(ApiHost host)
{
    // Route parameters that name one project's resources; the others (flavors, datastores, parameters) are global.
    private static readonly HashSet<string> Owned = new(StringComparer.Ordinal) { "instance_id", "backup_id", "schedule_id", "configuration_id", "operation_id" };

    [Fact]
    public async Task EveryRoute_CalledByAnotherProject_AnswersForbiddenOrNotFound_AndRevealsNothing()
    {
        var owner = await TenantResources.GetAsync(host);
        var projects = new[] { owner.Project, owner.OtherProject };
        var before = await ServiceState.CaptureAsync(host.Catalog, projects, host.ServerIds(), CancellationToken.None);
        using var intruder = host.Client(owner.OtherProject, owner.OtherToken);
        using var onOwnersPath = host.Client(owner.Project, owner.OtherToken);
        var problems = new List<string>();
        var checkedRoutes = 0;

        foreach (var route in TroveRoutes.Endpoints)
        {
            var parameters = Parameter().Matches(route.Pattern).Select(match => match.Groups[1].Value).ToList();
            var path = Fill(route.Pattern, owner.Ids);
            var valid = HostileBodies.ValidBodies(route.Name, owner.Ids);
            IReadOnlyList<string?> bodies = valid.Count > 0 ? [.. valid] : [null];
            foreach (var body in bodies)
            {
                // The intruder's token on the owner's path: refused before anything is looked up.
                var (status, text) = await SendAsync(onOwnersPath, route.Method!, path, body);
                Expect(problems, route.Name, "owner's path", status, text, body, path, owner, HttpStatusCode.Forbidden);

                if (parameters.Any(Owned.Contains))
                {
                    // The owner's ids under the intruder's own path: not found, exactly as an id that never existed.
                    (status, text) = await SendAsync(intruder, route.Method!, path, body);
                    Expect(problems, route.Name, "intruder's path", status, text, body, path, owner, HttpStatusCode.NotFound);
                    var fresh = owner.Ids.Where(pair => Owned.Contains(pair.Key)).ToDictionary(pair => pair.Key, _ => Guid.NewGuid().ToString("D"));
                    var unknownIds = new Dictionary<string, string>(owner.Ids, StringComparer.Ordinal);
                    foreach (var (name, id) in fresh)
                    {
                        unknownIds[name] = id;
                    }

                    var unknownPath = Fill(route.Pattern, unknownIds);
                    var (unknownStatus, unknownText) = await SendAsync(intruder, route.Method!, unknownPath, body is null ? null : Fill(body, fresh, owner.Ids));
                    if (unknownStatus != status || Mask(unknownText, fresh.Values) != Mask(text, owner.Ids.Where(p => Owned.Contains(p.Key)).Select(p => p.Value)))
                    {
                        problems.Add($"{route.Name}: the owner's ids answer {status} {text}, an unknown id answers {unknownStatus} {unknownText}");
                    }
                }
                else if (route.Method == "GET")
                {
                    // Lists and global resources answer the intruder, with nothing of the owner's in them.
                    (status, text) = await SendAsync(intruder, route.Method, path, body);
                    Expect(problems, route.Name, "intruder's list", status, text, body, path, owner, expected: null);
                }
                else if (route.Name is TroveRouteNames.CreateBackup or TroveRouteNames.CreateInstance
                    && owner.Ids.Where(pair => Owned.Contains(pair.Key)).Any(pair => body?.Contains(pair.Value, StringComparison.Ordinal) == true))
                {
                    // Creates that refer to the owner's instance or backup: the reference is not found.
                    (status, text) = await SendAsync(intruder, route.Method!, path, body);
                    Expect(problems, route.Name, "intruder's create", status, text, body, path, owner, HttpStatusCode.NotFound);
                }
            }

            checkedRoutes++;
        }

        var after = await ServiceState.CaptureAsync(host.Catalog, projects, host.ServerIds(), CancellationToken.None);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(TroveRoutes.Endpoints.Count, checkedRoutes);
        Assert.Empty(ServiceState.Differences(before, after));
    }

    private static void Expect(List<string> problems, string route, string how, HttpStatusCode status, string text, string? body, string path, HostileTargets owner, HttpStatusCode? expected)
    {
        // A global resource (a datastore version, a cluster) that does not exist is a 404 for everyone.
        if (expected is { } want ? status != want : (int)status >= 400 && status != HttpStatusCode.NotFound)
        {
            problems.Add($"{route} ({how}): expected {(expected is null ? "success or 404" : (int)expected)}, got {(int)status} {text}");
        }

        // Names never; ids only when the caller sent them (an echo in "Instance X cannot be found" tells nothing).
        var sent = $"{path} {body}";
        foreach (var secret in TenantResources.Names.Where(name => !sent.Contains(name, StringComparison.Ordinal))
            .Concat(owner.Ids.Where(pair => Owned.Contains(pair.Key)).Select(pair => pair.Value).Where(id => !sent.Contains(id, StringComparison.Ordinal))))
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                problems.Add($"{route} ({how}): the answer reveals '{secret}': {text}");
            }
        }
    }

    private static async Task<(HttpStatusCode Status, string Text)> SendAsync(HttpClient client, string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = TroveResponse.Body(body);
        }

        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Fill(string pattern, IReadOnlyDictionary<string, string> ids) =>
        Parameter().Replace(pattern, match => ids.TryGetValue(match.Groups[1].Value, out var id) ? Uri.EscapeDataString(id) : "unknown");

    private static string Fill(string body, IReadOnlyDictionary<string, string> fresh, IReadOnlyDictionary<string, string> owned)
    {
        foreach (var (name, id) in fresh)
        {
            body = body.Replace(owned[name], id, StringComparison.Ordinal);
        }

        return body;
    }

    private static string Mask(string text, IEnumerable<string> ids) => ids.Aggregate(text, (current, id) => current.Replace(id, "<id>", StringComparison.Ordinal));

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Parameter();
}
