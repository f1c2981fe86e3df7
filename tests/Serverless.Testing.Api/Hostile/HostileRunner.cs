using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Serverless.Testing.Hostile;

/// <summary>
/// Sends hostile requests to a running service and judges each answer: a status of 500 or more, no answer within the
/// per-request timeout, a success for a request that could change state, or a refusal by the API that is not in
/// Trove's error shape, is a finding.
/// </summary>
public static class HostileRunner
{
    /// <summary>How long one request may take before it counts as a hang.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    // Refusals that Kestrel makes before the request reaches the API (header and request-line limits), so without
    // Trove's error body.
    private static readonly HashSet<int> ServerLevel = [(int)HttpStatusCode.RequestHeaderFieldsTooLarge, (int)HttpStatusCode.RequestUriTooLong];

    /// <summary>Sends <paramref name="requests"/> to <paramref name="baseAddress"/>, a few at a time, and returns the outcomes in order.</summary>
    public static async Task<IReadOnlyList<HostileOutcome>> RunAsync(Uri baseAddress, IEnumerable<HostileRequest> requests, int parallelism, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            // Header values go out as UTF-8 bytes, so non-ASCII tokens and headers reach the server as a hostile client sends them.
            RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        var list = requests.ToList();
        var outcomes = new HostileOutcome[list.Count];
        await Parallel.ForAsync(0, list.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (i, token) =>
            outcomes[i] = await SendAsync(client, baseAddress, list[i], token));
        return outcomes;
    }

    /// <summary>The outcomes counted by route and status class, as a table to print.</summary>
    public static string Table(IReadOnlyList<HostileOutcome> outcomes)
    {
        string[] classes = ["2xx", "3xx", "4xx", "501", "5xx", "hang", "no answer"];
        var rows = outcomes.GroupBy(outcome => outcome.Request.Route).OrderBy(group => group.Key, StringComparer.Ordinal).ToList();
        var width = Math.Max(10, rows.Max(row => row.Key.Length));
        var text = new StringBuilder();
        text.AppendLine($"{"route".PadRight(width)} {string.Join(" ", classes.Select(c => c.PadLeft(9)))} {"total",7}");
        foreach (var row in rows)
        {
            text.AppendLine($"{row.Key.PadRight(width)} {string.Join(" ", classes.Select(c => row.Count(o => o.Class == c).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(9)))} {row.Count(),7}");
        }

        text.AppendLine($"{"all".PadRight(width)} {string.Join(" ", classes.Select(c => outcomes.Count(o => o.Class == c).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(9)))} {outcomes.Count,7}");
        text.AppendLine($"findings: {outcomes.Count(o => o.Failure is not null)}");
        return text.ToString();
    }

    private static async Task<HostileOutcome> SendAsync(HttpClient client, Uri baseAddress, HostileRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(
            $"{baseAddress.GetLeftPart(UriPartial.Authority)}{request.Path}", new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }));
        if (request.Token is not null)
        {
            message.Headers.TryAddWithoutValidation("X-Auth-Token", request.Token);
        }

        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in request.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new HostileOutcome(request, status, Judge(request, response, status, body), body.Length > 300 ? body[..300] : body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HostileOutcome(request, null, $"hang: no answer within {RequestTimeout.TotalSeconds:0} s", string.Empty);
        }
        catch (HttpRequestException e)
        {
            // The server may answer a huge request and close before the client has sent all of it; the answer is lost
            // then, and that is no finding when the server refused early (Kestrel's limits). Anything else is.
            return new HostileOutcome(request, null, Tolerated(request) ? null : $"no answer: {e.Message}", string.Empty);
        }
    }

    private static bool Tolerated(HostileRequest request) =>
        request.Body?.Length > 64 * 1024 || request.Headers.Sum(header => header.Value.Length) > 16 * 1024 || request.Token?.Length > 16 * 1024;

    private static string? Judge(HostileRequest request, HttpResponseMessage response, int status, string body)
    {
        if (status >= 500 && status != 501)
        {
            return $"server error {status}";
        }

        if (status < 400 && request.Mutating)
        {
            return $"accepted with {status}";
        }

        // Trove's rule: 415 is for a body whose Content-Type names something else than JSON, never for a JSON one or none.
        if (status == 415 && !ExplicitlyNotJson(request))
        {
            return $"415 for a body sent as {request.ContentType ?? "no Content-Type"}";
        }

        if (status >= 400 && !ServerLevel.Contains(status) && request.Method != "HEAD" && ReachesApi(request.Path) && !TroveShaped(response, body, status))
        {
            return $"{status} outside Trove's error shape";
        }

        return null;
    }

    /// <summary>
    /// Whether Kestrel hands the path to the API at all: it refuses a NUL in the path itself (400), and resolves dot
    /// segments (also escaped ones) before routing, so <c>/v1.0/../x</c> is outside the API (a bare 404).
    /// </summary>
    private static bool ReachesApi(string path)
    {
        var resolved = new List<string>();
        foreach (var segment in path.Split('?')[0].Split('/').Skip(1))
        {
            var decoded = Uri.UnescapeDataString(segment.Replace("%2F", "%252F", StringComparison.OrdinalIgnoreCase));
            if (decoded.Contains('\0', StringComparison.Ordinal))
            {
                return false;
            }

            switch (decoded)
            {
                case ".":
                    break;
                case "..":
                    if (resolved.Count > 0)
                    {
                        resolved.RemoveAt(resolved.Count - 1);
                    }

                    break;
                default:
                    resolved.Add(decoded);
                    break;
            }
        }

        return resolved.Count >= 3 && resolved[0] == "v1.0" && resolved[1].Length > 0;
    }

    private static bool ExplicitlyNotJson(HostileRequest request) =>
        request.Body is { Length: > 0 } && request.ContentType is { Length: > 0 } type
        && !(MediaTypeHeaderValue.TryParse(type, out var media) && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase));

    private static bool TroveShaped(HttpResponseMessage response, string body, int status)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var fault = document.RootElement.EnumerateObject().SingleOrDefault();
            return fault.Value.ValueKind == JsonValueKind.Object
                && fault.Value.TryGetProperty("code", out var code) && code.TryGetInt32(out var number) && number == status
                && fault.Value.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }
}
