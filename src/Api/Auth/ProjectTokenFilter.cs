using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;

namespace Serverless.Api.Auth;

/// <summary>
/// Lets a request through only when its <c>X-Auth-Token</c> is the token configured for the project in its path,
/// so a project's callers never see or touch another project's resources.
/// </summary>
internal sealed partial class ProjectTokenFilter(IOptions<TroveApiOptions> options, ILogger<ProjectTokenFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "X-Auth-Token";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var projectId = http.GetRouteValue("project_id") as string ?? string.Empty;
        var presented = http.Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            return TroveFault.Result(StatusCodes.Status401Unauthorized, $"This request needs authentication: send the project's token in the {HeaderName} header.");
        }

        var tokens = options.Value.ProjectTokens;
        if (tokens.TryGetValue(projectId, out var expected) && SameToken(presented, expected))
        {
            return await next(context);
        }

        var otherProject = tokens.Any(pair => !string.Equals(pair.Key, projectId, StringComparison.Ordinal) && SameToken(presented, pair.Value));
        LogRejected(logger, projectId, otherProject);
        return otherProject
            ? TroveFault.Result(StatusCodes.Status403Forbidden, $"The token is not valid for project {projectId}; use the token of the project in the URL.")
            : TroveFault.Result(StatusCodes.Status401Unauthorized, $"The token in {HeaderName} is not valid for project {projectId}.");
    }

    private static bool SameToken(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a request for project {ProjectId} (token of another project: {OtherProject}).")]
    private static partial void LogRejected(ILogger logger, string projectId, bool otherProject);
}
