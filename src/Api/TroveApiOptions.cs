namespace Serverless.Api;

/// <summary>Settings of the Trove-compatible API: who may call it and how it names itself in links.</summary>
public sealed class TroveApiOptions
{
    /// <summary>
    /// Gets the token each project's callers present in <c>X-Auth-Token</c>, keyed by project id. A project
    /// without an entry cannot be used at all.
    /// </summary>
    public Dictionary<string, string> ProjectTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the base address clients reach the service at (for example <c>https://db.example.com</c>),
    /// used in <c>links</c>. When null, links are built from the request's scheme and host.
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Gets or sets the largest page an instance or backup list returns, whatever <c>limit</c> asks for.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Gets or sets the largest request body accepted, in bytes.</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;
}
