using System.Text.Json.Serialization.Metadata;
using Serverless.Durable;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// Registers the instance lifecycle orchestrations (<c>CreateInstance</c>, <c>RestartInstance</c>,
/// <c>DeleteInstance</c>) and their activities. Every activity is idempotent: a step running at a crash
/// runs again safely.
/// </summary>
/// <example>
/// <code>
/// var registry = new DurableTaskRegistry(InstanceOrchestrations.TypeInfoResolver);
/// InstanceOrchestrations.Register(registry, platform, secrets, catalogStore);
/// await using var engine = new DurableEngine(durableStore, registry);
/// var instances = new InstanceService(catalogStore, engine.Client, secrets);
/// </code>
/// </example>
public static class InstanceOrchestrations
{
    /// <summary>The name of the orchestration creating an instance; its instance id is <c>create-{instanceId}</c>.</summary>
    public const string CreateInstance = "CreateInstance";

    /// <summary>The name of the orchestration restarting an instance; its instance id is <c>restart-{operationId}</c>.</summary>
    public const string RestartInstance = "RestartInstance";

    /// <summary>The name of the orchestration deleting an instance; its instance id is <c>delete-{instanceId}</c>.</summary>
    public const string DeleteInstance = "DeleteInstance";

    /// <summary>
    /// The JSON metadata of every payload these orchestrations use. Pass it to the
    /// <see cref="DurableTaskRegistry"/> constructor (combined with <c>JsonTypeInfoResolver.Combine</c>
    /// when the host registers other orchestrations too).
    /// </summary>
    public static IJsonTypeInfoResolver TypeInfoResolver => OrchestrationsJsonContext.Default;

    /// <summary>Registers the orchestrations and activities.</summary>
    /// <param name="registry">The registry, created with <see cref="TypeInfoResolver"/>.</param>
    /// <param name="platform">Where servers are provisioned.</param>
    /// <param name="secrets">Where passwords are kept.</param>
    /// <param name="catalog">The catalog's document store (the one <see cref="InstanceService"/> uses).</param>
    /// <param name="timeProvider">The clock for catalog timestamps; the system clock when null.</param>
    public static void Register(DurableTaskRegistry registry, IDatabasePlatform platform, ISecretStore secrets, IDocumentStore catalog, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var activities = new InstanceActivities(platform, secrets, catalog, timeProvider ?? TimeProvider.System);
        registry
            .AddOrchestrator<CreateInstanceOrchestrator>(CreateInstance)
            .AddOrchestrator<RestartInstanceOrchestrator>(RestartInstance)
            .AddOrchestrator<DeleteInstanceOrchestrator>(DeleteInstance)
            .AddActivity<ServerSpec, ServerEndpoint>(InstanceActivities.ProvisionServer, (_, spec, ct) => activities.ProvisionServerAsync(spec, ct))
            .AddActivity<ConfigureServerInput, bool>(InstanceActivities.ConfigureServer, (_, input, ct) => activities.ConfigureServerAsync(input, ct))
            .AddActivity<string, ServerSummary>(InstanceActivities.ReadServerStatus, (_, serverId, ct) => activities.ReadServerStatusAsync(serverId, ct))
            .AddActivity<string, bool>(InstanceActivities.RestartServer, (_, serverId, ct) => activities.RestartServerAsync(serverId, ct))
            .AddActivity<string, bool>(InstanceActivities.DeleteServer, (_, serverId, ct) => activities.DeleteServerAsync(serverId, ct))
            .AddActivity<string[], bool>(InstanceActivities.DeleteSecrets, (_, secretIds, ct) => activities.DeleteSecretsAsync(secretIds, ct))
            .AddActivity<InstanceUpdate, bool>(InstanceActivities.UpdateInstance, (_, update, ct) => activities.UpdateInstanceAsync(update, ct))
            .AddActivity<InstanceOperationInput, bool>(InstanceActivities.RemoveInstance, (_, input, ct) => activities.RemoveInstanceAsync(input, ct))
            .AddActivity<OperationUpdate, bool>(InstanceActivities.UpdateOperation, (_, update, ct) => activities.UpdateOperationAsync(update, ct));
    }
}
