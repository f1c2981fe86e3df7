using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Configurations;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Replication;

namespace Serverless.Api.Instances;

/// <summary>
/// <c>PUT</c> and <c>PATCH /instances/{id}</c>: one handler, Trove's rules (docs/trove-clients.md §5). <c>name</c> may come with
/// one other attribute at most; <c>access</c> sets who may connect; <c>configuration</c> attaches (an id) or detaches (null)
/// a configuration group, and an empty object detaches it; <c>replica_of</c>/<c>slave_of</c> detach a replica;
/// <c>datastore_version</c> upgrades. Each attribute is its own method, applied in that order.
/// </summary>
internal static class InstanceUpdateEndpoints
{
    private static readonly string[] Fields = ["name", "access", "configuration", "replica_of", "slave_of", "datastore_version"];

    public static async Task<IResult> UpdateAsync(
        [FromRoute(Name = "project_id")] string projectId,
        [FromRoute(Name = "instance_id")] string instanceId,
        HttpContext context,
        InstanceService instances,
        InstanceChangeService changes,
        ConfigurationService configurations,
        [FromServices] ReplicationService replication,
        IOptions<TroveApiOptions> options,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        JsonBody.OnlyKnownFields(body, string.Empty, "instance");
        var instance = JsonBody.RequiredObject(body, string.Empty, "instance");
        JsonBody.OnlyKnownFields(instance, "instance", Fields);
        var others = instance.EnumerateObject().Count(property => property.Name != "name");
        if (others > 1)
        {
            throw TroveRequestException.BadRequest("Only one attribute (except 'name') is allowed to update.");
        }

        // An unknown instance is a 404 whatever the body asks.
        await instances.GetAsync(projectId, instanceId, cancellationToken);
        if (JsonBody.Optional(instance, "datastore_version") is not null)
        {
            throw TroveRequestException.NotImplemented("Upgrading an instance's datastore version is not supported by this service yet.");
        }

        if (instance.TryGetProperty("replica_of", out var replicaOf) || instance.TryGetProperty("slave_of", out replicaOf))
        {
            await DetachReplicaAsync(projectId, instanceId, replicaOf, replication, cancellationToken);
        }

        if (JsonBody.OptionalString(instance, "instance", "name") is { } name)
        {
            await changes.RenameAsync(projectId, instanceId, name, cancellationToken);
        }

        if (JsonBody.Optional(instance, "access") is { } access)
        {
            var (isPublic, cidrs) = InstanceAccessBody.Parse(access, "instance.access");
            await changes.SetAccessAsync(projectId, instanceId, isPublic, cidrs, cancellationToken);
        }

        if (instance.TryGetProperty("configuration", out var configuration))
        {
            await SetConfigurationAsync(projectId, instanceId, configuration, configurations, cancellationToken);
        }
        else if (others == 0 && !instance.TryGetProperty("name", out _))
        {
            // {"instance": {}} detaches the configuration group (openstack … update I with no options, trove configuration-detach).
            await configurations.SetInstanceConfigurationAsync(projectId, instanceId, null, cancellationToken);
        }

        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    // "replica_of" (or the older "slave_of") null or empty detaches the replica (openstack database instance detach);
    // a standalone instance cannot become a replica in place.
    private static Task<OperationView> DetachReplicaAsync(string projectId, string instanceId, JsonElement replicaOf, ReplicationService replication, CancellationToken cancellationToken)
    {
        if (replicaOf.ValueKind is not (JsonValueKind.Null or JsonValueKind.String) || (replicaOf.ValueKind == JsonValueKind.String && replicaOf.GetString()!.Length > 0))
        {
            throw TroveRequestException.BadRequest("'instance.replica_of' can only be set to null or \"\" (detach the replica); a standalone instance cannot be made a replica in place: create a replica instead.");
        }

        return replication.DetachAsync(projectId, instanceId, cancellationToken);
    }

    // An id, a name (the clients send what the user typed) or an href attaches; null detaches.
    private static Task<OperationView?> SetConfigurationAsync(string projectId, string instanceId, JsonElement configuration, ConfigurationService configurations, CancellationToken cancellationToken) =>
        configuration.ValueKind switch
        {
            JsonValueKind.Null => configurations.SetInstanceConfigurationAsync(projectId, instanceId, null, cancellationToken),
            JsonValueKind.String when configuration.GetString() is { Length: > 0 } id => configurations.SetInstanceConfigurationAsync(projectId, instanceId, id, cancellationToken),
            _ => throw TroveRequestException.BadRequest("'instance.configuration' must be a configuration group id, or null to detach it."),
        };
}
