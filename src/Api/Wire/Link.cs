namespace Serverless.Api.Wire;

/// <summary>A Trove link, <c>{"href": "…", "rel": "self"}</c>.</summary>
internal sealed record Link(string Href, string Rel);
