using Microsoft.AspNetCore.Mvc;
using Serverless.Api;

namespace Serverless.Functions;

/// <summary>The answer of an HTTP function: runs the Trove route on the request when the Functions host executes the result.</summary>
internal sealed class TroveRouteResult(TroveApiInvoker api, string routeName) : IActionResult
{
    /// <summary>Gets the route this result runs.</summary>
    public string RouteName => routeName;

    public Task ExecuteResultAsync(ActionContext context) => api.InvokeAsync(routeName, context.HttpContext.Request);
}
