using Microsoft.AspNetCore.Http;
using Serverless.Api.Backups;
using Serverless.Api.Clusters;
using Serverless.Api.Configurations;
using Serverless.Api.Datastores;
using Serverless.Api.Errors;
using Serverless.Api.Flavors;
using Serverless.Api.Instances;
using Serverless.Api.Operations;
using Serverless.Api.Users;
using Serverless.Api.Schedules;

namespace Serverless.Api;

/// <summary>
/// Every route of the Trove API, in one table that both homes serve: the local host maps it onto Kestrel
/// (<see cref="TroveApiEndpointRouteBuilderExtensions.MapTroveApi"/>), the Functions app has one HTTP function per
/// route that runs it through <see cref="TroveApiInvoker"/>.
/// </summary>
public static class TroveRoutes
{
    /// <summary>Gets the routes with methods, in mapping order.</summary>
    public static IReadOnlyList<TroveRoute> Endpoints { get; } =
    [
        .. InstanceEndpoints.Routes,
        .. BackupEndpoints.Routes,
        .. ScheduleEndpoints.Routes,
        .. FlavorEndpoints.Routes,
        .. DatastoreEndpoints.Routes,
        .. OperationEndpoints.Routes,
        .. ClusterEndpoints.Routes,
        .. ConfigurationEndpoints.Routes,
        .. UserEndpoints.Routes,
        .. DatabaseEndpoints.Routes,
        .. RootEndpoints.Routes,
    ];

    /// <summary>
    /// Gets the catch-all below the project: a Trove call this service does not offer answers 501 naming the feature
    /// (<see cref="TroveUnbuiltRoutes"/>), any other path 404. Clients resolve names by trying <c>GET /{collection}/{name}</c>
    /// first and expect JSON errors from anything else.
    /// </summary>
    public static TroveRoute NotFound { get; } = new(TroveRouteNames.NotFound, Method: null, "{**path}", (HttpContext context) =>
        TroveUnbuiltRoutes.FeatureOf(context.Request.Method, context.Request.RouteValues["path"] as string) is { } feature
            ? TroveFault.Result(StatusCodes.Status501NotImplemented, $"{context.Request.Method} {context.Request.Path} is a Trove call this service does not offer yet ({feature}).")
            : TroveFault.Result(StatusCodes.Status404NotFound, $"There is no {context.Request.Method} {context.Request.Path} in this API; see the Trove v1.0 instances (with their users, databases and root), backups, schedules, flavors, datastores and operations resources."));

    /// <summary>Gets every route: <see cref="Endpoints"/> and <see cref="NotFound"/>.</summary>
    public static IReadOnlyList<TroveRoute> All { get; } = [.. Endpoints, NotFound];
}
