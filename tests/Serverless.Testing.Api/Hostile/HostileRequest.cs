namespace Serverless.Testing.Hostile;

/// <summary>One generated request: where it goes, what it carries, and which route of the table it aims at.</summary>
/// <param name="Route">The route the request aims at (a route name, or <c>fallback</c> for paths the table does not have).</param>
/// <param name="Method">The HTTP method, possibly not the route's.</param>
/// <param name="Path">The raw path and query, sent as is (no dot-segment or escape normalisation).</param>
/// <param name="Token">The <c>X-Auth-Token</c> value; null sends none.</param>
/// <param name="ContentType">The <c>Content-Type</c> of the body; null sends none.</param>
/// <param name="Body">The body bytes; null sends none.</param>
/// <param name="Headers">Extra headers (huge or many).</param>
/// <param name="Kind">What is hostile about it, for the report.</param>
public sealed record HostileRequest(
    string Route,
    string Method,
    string Path,
    string? Token,
    string? ContentType,
    byte[]? Body,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Kind)
{
    /// <summary>Gets a value indicating whether the request could change state if the service accepted it.</summary>
    public bool Mutating => Method is not ("GET" or "HEAD" or "OPTIONS");
}
