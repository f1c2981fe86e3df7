using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Instances;

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

        if (JsonBody.Optional(instance, "replica_of") is not null || JsonBody.Optional(instance, "slave_of") is not null)
        {
            await DetachReplicaAsync(projectId, instanceId, cancellationToken);
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

        if (JsonBody.Optional(instance, "configuration") is { } configuration)
        {
            await SetConfigurationAsync(projectId, instanceId, configuration, cancellationToken);
        }
        else if (others == 0 && JsonBody.Optional(instance, "name") is null)
        {
            // {"instance": {}} detaches the configuration group (openstack … update I with no options, trove configuration-detach).
            await DetachConfigurationAsync(projectId, instanceId, cancellationToken);
        }

        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static Task DetachReplicaAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        _ = (projectId, instanceId, cancellationToken);
        throw TroveRequestException.NotImplemented("Detaching a replica is not supported by this service yet.");
    }

    private static Task SetConfigurationAsync(string projectId, string instanceId, JsonElement configuration, CancellationToken cancellationToken)
    {
        _ = (projectId, instanceId, configuration, cancellationToken);
        throw TroveRequestException.NotImplemented("Configuration groups are not supported by this service yet.");
    }

    // No instance can have a configuration group yet, so there is nothing to detach.
    private static Task DetachConfigurationAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        _ = (projectId, instanceId, cancellationToken);
        return Task.CompletedTask;
    }
}
