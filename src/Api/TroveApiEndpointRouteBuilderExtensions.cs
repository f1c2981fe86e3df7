using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Serverless.Api.Auth;
using Serverless.Api.Backups;
using Serverless.Api.Datastores;
using Serverless.Api.Errors;
using Serverless.Api.Flavors;
using Serverless.Api.Instances;
using Serverless.Api.Operations;

namespace Serverless.Api;

/// <summary>Maps the Trove v1.0-compatible endpoints.</summary>
public static class TroveApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps every endpoint under <c>/v1.0/{project_id}</c>: instances, backups, flavors, datastores and operations. Each
    /// request must carry the project's token in <c>X-Auth-Token</c>; errors come in Trove's
    /// <c>{"&lt;fault&gt;": {"code", "message"}}</c> shape.
    /// </summary>
    /// <param name="endpoints">The host's route builder.</param>
    /// <returns>The group holding the endpoints, for further conventions.</returns>
    public static RouteGroupBuilder MapTroveApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var project = endpoints.MapGroup("/v1.0/{project_id}");
        project.AddEndpointFilter<ProjectTokenFilter>();
        project.AddEndpointFilter<TroveErrorFilter>();
        InstanceEndpoints.Map(project);
        BackupEndpoints.Map(project);
        FlavorEndpoints.Map(project);
        DatastoreEndpoints.Map(project);
        OperationEndpoints.Map(project);

        // Clients resolve names by trying GET /{collection}/{name} first and expect JSON errors from anything else.
        project.MapFallback("{**path}", (HttpContext context) =>
            TroveFault.Result(StatusCodes.Status404NotFound, $"There is no {context.Request.Method} {context.Request.Path} in this API; see the Trove v1.0 instances, backups, flavors, datastores and operations resources."));
        return project;
    }
}
