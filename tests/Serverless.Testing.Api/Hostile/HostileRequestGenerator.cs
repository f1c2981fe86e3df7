using System.Text;
using System.Text.RegularExpressions;
using Serverless.Api;

namespace Serverless.Testing.Hostile;

/// <summary>
/// Makes hostile requests for every route of <see cref="TroveRoutes"/> and every method, from a seed: the same seed and
/// targets give the same requests. Each request is refused by a correct service: it has a bad token (or none, or another
/// project's), an odd or foreign id, a body that is broken or of the wrong shape, a method the route does not have, or
/// headers the server must refuse. None of them is a valid request by accident, so any success of a request that could
/// change state is a finding.
/// </summary>
public sealed partial class HostileRequestGenerator(int seed, HostileTargets targets)
{
    /// <summary>The route name of paths that no route of the table has.</summary>
    public const string Fallback = "fallback";

    private static readonly string[] Methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "PROPFIND", "HOSTILE"];

    private static readonly string[] OddIds =
    [
        "..", ".", "%2e%2e", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "..%2F..%2F..%2Fcatalog", "%00", "a%00b", "%", "%zz", "%C0%AF", "%FF%FE",
        "%F0%9F%92%A9", "%C3%BC%C3%B1%C3%AF-%E5%90%8D%E5%89%8D", "%ED%A0%80", "%20", "%27%20OR%20%271%27%3D%271", "%24(reboot)", "*", "-1", "0",
        "2147483648", "9223372036854775808", "1e309", "NaN", "%22%3E%3Cscript%3E", "%5C..%5C..", "~", "%2F", "CON", "a;b", "%0D%0AX-Injected:%201",
    ];

    private static readonly string[] OddQueries =
    [
        "limit=-1", "limit=0", "limit=2147483648", "limit=9223372036854775808", "limit=1e309", "limit=NaN", "limit=%00", "marker=..%2F..",
        "marker=%00", "marker=%FF", "instance_id=%2e%2e", "instance_id=%ED%A0%80", "include_clustered=maybe", "all_projects=True",
        "project_id=someone-else", "limit=1&limit=2", "%zz=1", "=", "&&&",
    ];

    private static readonly string[] UnknownPaths =
    [
        "no-such-thing", "instances/x/y/z/w", "%2e%2e/%2e%2e/admin", "limits", "mgmt/instances", "instances/{instance_id}/log",
        "instances/{instance_id}/replicas", "backups/{backup_id}/restore", "", "..", "%2F%2F", "quotas/{project_id}",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16",
        "garbage", "application/", "*/*",
    ];

    private readonly Random _random = new(seed);

    /// <summary>The next <paramref name="count"/> requests.</summary>
    public IEnumerable<HostileRequest> Take(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return Next();
        }
    }

    /// <summary>The next request.</summary>
    public HostileRequest Next()
    {
        var kinds = new List<string>();
        var routes = TroveRoutes.Endpoints;
        var chosen = _random.Next(routes.Count + 2) is var pick && pick < routes.Count ? routes[pick] : null;
        var pattern = chosen?.Pattern ?? UnknownPaths[_random.Next(UnknownPaths.Length)];
        var method = chosen?.Method ?? Methods[_random.Next(Methods.Length)];
        if (chosen is not null && _random.Next(5) == 0)
        {
            method = Methods[_random.Next(Methods.Length)];
            kinds.Add($"method {method}");
        }

        // Auth: mostly the project's own token, so that the request reaches the handler and its validation.
        var project = targets.Project;
        var token = (string?)targets.Token;
        var goodAuth = true;
        switch (_random.Next(14))
        {
            case 0: token = null; kinds.Add("no token"); goodAuth = false; break;
            case 1: token = targets.OtherToken; kinds.Add("other project's token"); goodAuth = false; break;
            case 2: project = targets.OtherProject; kinds.Add("own ids under another project"); goodAuth = false; break;
            case 3: project = targets.OtherProject; token = targets.OtherToken; kinds.Add("ids of another project"); goodAuth = false; break;
            case 4: token = _random.Next(3) switch { 0 => "x", 1 => new string('t', 20_000), _ => "tökén-ünïcode" }; kinds.Add("bad token"); goodAuth = false; break;
            case 5: project = OddIds[_random.Next(OddIds.Length)]; kinds.Add($"project {project}"); goodAuth = false; break;
        }

        // Route parameters: the project's real ids, unless one is replaced by an odd one.
        var parameters = ParameterPattern().Matches(pattern).Select(match => match.Groups[1].Value).ToList();
        var odd = parameters.Count > 0 && (_random.Next(3) == 0 || (goodAuth && method == "DELETE"))
            ? parameters[_random.Next(parameters.Count)]
            : null;
        if (odd is null && goodAuth && method == "DELETE")
        {
            // A delete with the right token on a real resource would be a valid request: spoil the auth instead.
            token = null;
            goodAuth = false;
            kinds.Add("no token");
        }

        var path = ParameterPattern().Replace(pattern, match =>
        {
            var name = match.Groups[1].Value;
            if (name == odd)
            {
                var id = _random.Next(5) == 0 ? new string('a', 1000 + _random.Next(9000)) : OddIds[_random.Next(OddIds.Length)];
                if (goodAuth && method == "DELETE" && Navigates(id))
                {
                    // Dot segments move the request to another route (users/.. is the instance itself): a delete with
                    // the right token would then be valid.
                    id = "%00";
                }

                kinds.Add($"{name} {(id.Length > 40 ? $"of {id.Length} chars" : id)}");
                return id;
            }

            return Uri.EscapeDataString(name == "project_id" ? project : targets.Ids.TryGetValue(name, out var real) ? real : Guid.NewGuid().ToString("D"));
        });
        if (method == "GET" && _random.Next(4) == 0)
        {
            var query = OddQueries[_random.Next(OddQueries.Length)];
            path += $"?{query}";
            kinds.Add($"query {query}");
        }

        // Body: for the route the method lands on; every body is invalid.
        var landsOn = routes.FirstOrDefault(route => route.Method == method && route.Pattern == pattern);
        string? contentType = "application/json";
        byte[]? body = null;
        if (method is not ("GET" or "HEAD" or "TRACE" or "OPTIONS") || _random.Next(8) == 0)
        {
            (body, var bodyKind) = landsOn is not null && HostileBodies.HasTemplate(landsOn.Name) && _random.Next(6) != 0
                ? HostileBodies.Next(_random, landsOn.Name, targets.Ids)
                : HostileBodies.NotAnObjectBody(_random);
            kinds.Add(bodyKind);
        }

        if (method is "HEAD" or "TRACE")
        {
            body = null;
        }

        if (body is not null && _random.Next(6) == 0)
        {
            contentType = _random.Next(4) == 0 ? null : ContentTypes[_random.Next(ContentTypes.Length)];
            kinds.Add($"content type {contentType ?? "none"}");
        }

        var headers = new List<KeyValuePair<string, string>>();
        switch (_random.Next(25))
        {
            case 0:
                headers.Add(new("X-Hostile", new string('h', 40_000 + _random.Next(40_000))));
                kinds.Add("huge header");
                break;
            case 1:
                headers.AddRange(Enumerable.Range(0, 150).Select(i => new KeyValuePair<string, string>($"X-Hostile-{i}", new string('h', 100))));
                kinds.Add("150 headers");
                break;
            case 2:
                headers.Add(new("X-Hostile", "ünïcode-välue-名前"));
                kinds.Add("non-ASCII header");
                break;
        }

        return new HostileRequest(landsOn?.Name ?? chosen?.Name ?? Fallback, method, $"/v1.0/{(project == targets.Project || project == targets.OtherProject ? Uri.EscapeDataString(project) : project)}/{path}", token, body is null ? null : contentType, body, headers, string.Join(", ", kinds));
    }

    private static bool Navigates(string id) =>
        id.Contains('.', StringComparison.Ordinal) || id.Contains("%2e", StringComparison.OrdinalIgnoreCase) || id.Contains("%2f", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\{\*{0,2}([a-z_]+)\}")]
    private static partial Regex ParameterPattern();
}
