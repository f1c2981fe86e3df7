using Microsoft.AspNetCore.Http;
using Serverless.Api.Backups;
using Serverless.Api.Datastores;
using Serverless.Api.Errors;
using Serverless.Api.Flavors;
using Serverless.Api.Instances;
using Serverless.Api.Operations;
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
    ];

    /// <summary>
    /// Gets the catch-all below the project: clients resolve names by trying <c>GET /{collection}/{name}</c> first and
    /// expect JSON errors from anything else.
    /// </summary>
    public static TroveRoute NotFound { get; } = new(TroveRouteNames.NotFound, Method: null, "{**path}", (HttpContext context) =>
        TroveFault.Result(StatusCodes.Status404NotFound, $"There is no {context.Request.Method} {context.Request.Path} in this API; see the Trove v1.0 instances, backups, schedules, flavors, datastores and operations resources."));

    /// <summary>Gets every route: <see cref="Endpoints"/> and <see cref="NotFound"/>.</summary>
    public static IReadOnlyList<TroveRoute> All { get; } = [.. Endpoints, NotFound];
}
