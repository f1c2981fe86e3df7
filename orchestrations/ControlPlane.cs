using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serverless.Durable;
using Serverless.Orchestrations.ArtifactKeys;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Configurations;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Platform;
using Serverless.Orchestrations.Replication;
using Serverless.Orchestrations.Users;
using Serverless.Orchestrations.Schedules;
using Serverless.Platforms;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations;

/// <summary>
/// The one composition root of the control plane, used by the Functions app, the local host and the test harnesses
/// alike: the catalog, the backup artifact store, the services the API calls, and the orchestrators and activities with
/// the JSON metadata of their payloads.
/// </summary>
/// <example>
/// The local host (the Functions app skips the runtime: the Functions host runs the orchestrations there):
/// <code>
/// services.AddSingleton&lt;IDatabasePlatform&gt;(platform).AddSingleton&lt;ISecretStore&gt;(secrets);
/// services.AddControlPlane(new ControlPlaneOptions { Storage = new() { ConnectionString = azurite.ConnectionString } });
/// services.AddLocalDurableRuntime(new DurableRuntimeOptions { StorageConnectionString = azurite.ConnectionString },
///     ControlPlane.DataConverter, ControlPlane.AddTasks);
/// </code>
/// </example>
public static class ControlPlane
{
    private static readonly Type[] OrchestratorTypes =
    [
        typeof(CreateInstanceOrchestrator),
        typeof(RestartInstanceOrchestrator),
        typeof(DeleteInstanceOrchestrator),
        typeof(BackupOrchestrator),
        typeof(DeleteBackupOrchestrator),
        typeof(ResizeInstanceOrchestrator),
        typeof(ConfigureInstanceOrchestrator),
        typeof(ApplyAccessOrchestrator),
        typeof(CreateReplicaOrchestrator),
        typeof(PromoteReplicaOrchestrator),
        typeof(EjectSourceOrchestrator),
        typeof(DetachReplicaOrchestrator),
        typeof(ResyncReplicaOrchestrator),
        typeof(CreateExternalReplicaOrchestrator),
    ];

    private static readonly Type[] ActivityTypes =
    [
        typeof(UpdateInstanceActivity),
        typeof(UpdateOperationActivity),
        typeof(ConfigureServerActivity),
        typeof(ReadServerStatusActivity),
        typeof(DeleteSecretsActivity),
        typeof(RemoveInstanceActivity),
        typeof(DumpSnapshotActivity),
        typeof(DumpSnapshotStepActivity),
        typeof(CaptureSegmentActivity),
        typeof(LoadSnapshotActivity),
        typeof(UpdateBackupActivity),
        typeof(DeleteArtifactsActivity),
        typeof(RemoveBackupActivity),
        typeof(BeginPlatformOperationActivity),
        typeof(PollPlatformOperationActivity),
        typeof(ReadInstanceParametersActivity),
        typeof(ReadAccessActivity),
        typeof(EnsureReplicationAccountActivity),
        typeof(SeedReplicaActivity),
        typeof(ReplicateFromActivity),
        typeof(CatchUpActivity),
        typeof(WaitForGtidActivity),
        typeof(FenceSourceActivity),
        typeof(StopReplicatingActivity),
        typeof(CatchUpNativeReplicaActivity),
        typeof(ReadHealthActivity),
        typeof(UpdateReplicaSetActivity),
        typeof(UnlinkReplicaActivity),
        typeof(CheckExternalSourceActivity),
        typeof(ReplicateFromExternalActivity),
        typeof(CatchUpExternalActivity),
        typeof(ForgetExternalSourceActivity),
    ];

    /// <summary>
    /// Gets the serializer options of every payload that crosses the durable boundary: camel case, source-generated
    /// metadata only (catalog steps, instance and backup orchestrations, and the primitives the runtime sends).
    /// </summary>
    public static JsonSerializerOptions PayloadSerializerOptions { get; } = SourceGeneratedDataConverter.CreateOptions(
        JsonTypeInfoResolver.Combine(CatalogJsonContext.Default, InstancesJsonContext.Default, BackupsJsonContext.Default, PlatformJsonContext.Default, ConfigurationsJsonContext.Default, ReplicationJsonContext.Default));

    /// <summary>Gets the data converter built on <see cref="PayloadSerializerOptions"/>, for the local worker and client.</summary>
    public static DataConverter DataConverter { get; } = new SourceGeneratedDataConverter(PayloadSerializerOptions);

    /// <summary>Gets the names of every orchestrator, as they are scheduled (and as the Functions app names its functions).</summary>
    public static IReadOnlyList<string> OrchestratorNames { get; } = [.. OrchestratorTypes.Select(NameOf)];

    /// <summary>Gets the names of every activity, as they are called (and as the Functions app names its functions).</summary>
    public static IReadOnlyList<string> ActivityNames { get; } = [.. ActivityTypes.Select(NameOf)];

    /// <summary>Registers every orchestrator and activity; activities get their dependencies from the host's services.</summary>
    /// <param name="registry">The worker's registry.</param>
    public static void AddTasks(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var type in OrchestratorTypes)
        {
            registry.AddOrchestrator(type);
        }

        foreach (var type in ActivityTypes)
        {
            registry.AddActivity(type);
        }
    }

    /// <summary>
    /// Adds the catalog (<see cref="IDocumentStore"/>), the backup <see cref="ArtifactStore"/> encrypting with the artifact keys of
    /// <see cref="ControlPlaneOptions.ArtifactKeys"/> (kept in the host's <c>ISecretStore</c>), <see cref="InstanceService"/>, <see cref="AccountService"/>,
    /// <see cref="BackupService"/>, <see cref="ScheduleService"/>, the <see cref="ScheduleEvaluator"/> the hosts' timers call, and <see cref="CatalogQueries"/>, and a hosted service that creates the containers at start.
    /// The host adds the fleet (<c>IDatabasePlatform</c>) and the <c>ISecretStore</c>, and where the orchestrations run:
    /// a <c>DurableTaskClient</c> and worker (the local runtime, or the Functions host's Durable extension).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="options">The storage account and containers.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddControlPlane(this IServiceCollection services, ControlPlaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<ControlPlaneStorage>();
        services.AddHostedService<ControlPlaneStorageInitializer>();
        services.AddSingleton<IDocumentStore>(provider => new BlobDocumentStore(provider.GetRequiredService<ControlPlaneStorage>().Catalog));
        // Encryption at rest is always on: new artifacts take the current key, older ones are read by the key id they name.
        services.AddSingleton(provider => new SecretStoreArtifactKeyProvider(
            provider.GetRequiredService<ISecretStore>(), provider.GetRequiredService<ControlPlaneOptions>().ArtifactKeys));
        services.AddSingleton<IArtifactKeyProvider>(provider => provider.GetRequiredService<SecretStoreArtifactKeyProvider>());
        services.AddHostedService<ArtifactKeyInitializer>();
        services.AddSingleton(provider => new ArtifactStore(
            provider.GetRequiredService<ControlPlaneStorage>().Backups,
            new ArtifactStoreOptions { KeyProvider = provider.GetRequiredService<IArtifactKeyProvider>() }));
        services.AddSingleton(provider => new CatalogQueries(provider.GetRequiredService<IDocumentStore>(), provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<InstanceService>();
        services.AddSingleton<HalfStartedOperations>();
        services.AddSingleton<InstanceChangeService>();
        services.AddSingleton<ConfigurationService>();
        services.AddSingleton<BackupService>();
        services.AddSingleton<ReplicationService>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<ScheduleService>();
        services.AddSingleton<ScheduleEvaluator>();
        return services;
    }

    // Every task class carries [DurableTask(Name)]: the name the registry and the Functions wrappers use.
    private static string NameOf(Type type) => type.GetCustomAttribute<DurableTaskAttribute>()!.Name.Name;
}
