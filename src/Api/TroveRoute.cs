namespace Serverless.Api;

/// <summary>One endpoint of the Trove API: a name, a method, a pattern below <c>/v1.0/{project_id}/</c> and its handler.</summary>
/// <param name="Name">A unique name; the Functions app names the endpoint's function after it.</param>
/// <param name="Method">The HTTP method; null for any (the fallback).</param>
/// <param name="Pattern">The route pattern below the project, for example <c>instances/{instance_id}</c>.</param>
/// <param name="Handler">The minimal-API handler: parameters bound from the route, body, services and request.</param>
public sealed record TroveRoute(string Name, string? Method, string Pattern, Delegate Handler)
{
    /// <summary>The prefix every route sits under.</summary>
    public const string ProjectPrefix = "v1.0/{project_id}";

    /// <summary>Gets the full route template, for example <c>v1.0/{project_id}/instances/{instance_id}</c>.</summary>
    public string Template => $"{ProjectPrefix}/{Pattern}";
}
