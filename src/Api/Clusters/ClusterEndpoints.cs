using Microsoft.AspNetCore.Http;
using Serverless.Api.Errors;
using Serverless.Api.Wire;

namespace Serverless.Api.Clusters;

/// <summary>
/// <c>/clusters</c>, served only so that the clients' name look-ups fall through (docs/trove-clients.md §3.4): when an
/// instance is not found, root and legacy user/database commands search clusters, and a 501 there would replace the
/// "No instance or cluster …" message. There are no clusters: the list is empty and every id is not found.
/// </summary>
internal static class ClusterEndpoints
{
    public static IEnumerable<TroveRoute> Routes =>
    [
        new(TroveRouteNames.ListClusters, "GET", "clusters", List),
        new(TroveRouteNames.GetCluster, "GET", "clusters/{cluster_id}", Get),
    ];

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<ClusterListEnvelope> List() => TypedResults.Json(new ClusterListEnvelope([]), TroveJsonContext.Default.ClusterListEnvelope);

    private static IResult Get([Microsoft.AspNetCore.Mvc.FromRoute(Name = "cluster_id")] string clusterId) =>
        TroveFault.Result(StatusCodes.Status404NotFound, $"Cluster {clusterId} could not be found: this service has no clusters.");
}
