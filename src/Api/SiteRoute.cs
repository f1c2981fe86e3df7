using Microsoft.AspNetCore.Http;

namespace Serverless.Api;

/// <summary>
/// A page or document the API host serves outside the Trove API, without a project token: the web console and the
/// OpenAPI document. Both homes serve the same handler: the local host maps <see cref="Pattern"/> on Kestrel, the
/// Functions app has one HTTP function per route named <see cref="Name"/>.
/// </summary>
/// <param name="Name">A unique name; the Functions app names the route's function after it.</param>
/// <param name="Pattern">The Kestrel route pattern, for example <c>console/{**path}</c>.</param>
/// <param name="Handler">Writes the answer; it reads what it needs from the request path, not from route values.</param>
public sealed record SiteRoute(string Name, string Pattern, RequestDelegate Handler);
