using Microsoft.AspNetCore.Mvc;
using Serverless.Api;

namespace Serverless.Functions;

/// <summary>The answer of a site function: runs the <see cref="SiteRoute"/>'s handler when the Functions host executes the result.</summary>
internal sealed class SiteRouteResult(SiteRoute route) : IActionResult
{
    /// <summary>Gets the route this result runs.</summary>
    public SiteRoute Route => route;

    public Task ExecuteResultAsync(ActionContext context) => route.Handler(context.HttpContext);
}
