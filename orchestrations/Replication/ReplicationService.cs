using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Configurations;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Replica sets: creates replicas, promotes one (switchover), ejects a dead source (failover), detaches and re-syncs
/// replicas, and describes an instance's place in its set with its health. Validates, takes the instances the
/// operation changes in the catalog, starts the orchestration, and answers at once.
/// </summary>
/// <remarks>
/// An operation on a replica set (promote, eject) takes every member: each moves from <c>ACTIVE</c> to the operation's
/// status under an ETag condition, and if one of them is taken meanwhile the others are given back and the request is
/// refused. Replicas of replicas are not supported: a replica's source is always a standalone or source instance.
/// </remarks>
public sealed partial class ReplicationService
{
    /// <summary>At most this many replicas are created by one request.</summary>
    public const int MaxReplicaCount = 5;

    /// <summary>A replica further behind its source than this many transactions is not promoted.</summary>
    public const long MaxPromoteLagTransactions = 10_000;

    /// <summary>A replica further behind its source than this many seconds is not promoted.</summary>
    public const long MaxPromoteLagSeconds = 30;

    // Show answers within a second even when a server is down: health gets most of it, the catalog the rest.
    private static readonly TimeSpan ShowHealthDeadline = TimeSpan.FromMilliseconds(700);
    private static readonly TimeSpan CheckDeadline = TimeSpan.FromSeconds(5);

    private readonly IDocumentStore _catalog;
    private readonly DurableTaskClient _client;
    private readonly IDatabasePlatform _platform;
    private readonly ISecretStore _secrets;
    private readonly CatalogQueries _queries;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    /// <param name="catalog">The catalog's document store.</param>
    /// <param name="client">Starts the orchestrations.</param>
    /// <param name="platform">The fleet, for health checks before an operation and on show.</param>
    /// <param name="secrets">Where admin passwords are kept.</param>
    /// <param name="queries">Flavors and datastores.</param>
    /// <param name="timeProvider">The clock.</param>
    public ReplicationService(
        IDocumentStore catalog, DurableTaskClient client, IDatabasePlatform platform, ISecretStore secrets, CatalogQueries queries, TimeProvider timeProvider)
    {
        _catalog = catalog;
        _client = client;
        _platform = platform;
        _secrets = secrets;
        _queries = queries;
        _time = timeProvider;
    }

    /// <summary>
    /// Creates <see cref="CreateInstanceRequest.ReplicaCount"/> replicas of <see cref="CreateInstanceRequest.ReplicaOf"/>,
    /// each recorded as <c>BUILD</c>, listed on the source at once, and built by <c>CreateReplica</c>.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="request">The create request, with <see cref="CreateInstanceRequest.ReplicaOf"/> set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The first replica created.</returns>
    /// <exception cref="CatalogValidationException">Users or databases were given, the source is itself a replica, the count or volume is wrong.</exception>
    /// <exception cref="CatalogNotFoundException">The source, or the flavor asked for, does not exist.</exception>
    /// <exception cref="InstanceBusyException">The source is not <c>ACTIVE</c>.</exception>
    public async Task<InstanceView> CreateReplicasAsync(string projectId, CreateInstanceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = (await ReadAsync(projectId, request.ReplicaOf!, cancellationToken).ConfigureAwait(false)).Value.Instance;
        if (request.Users.Count > 0 || request.Databases.Count > 0)
        {
            throw new CatalogValidationException("Do not specify users or databases for a replica: it copies its source's databases and users.");
        }

        if (request.BackupId is not null)
        {
            throw new CatalogValidationException("A replica is seeded from its source, not restored from a backup: leave out the restore point.");
        }

        if (source.ExternalSource is { } external)
        {
            throw new CatalogValidationException(
                $"Instance {source.Id} is itself a replica (of the external server {external.Id}); replicas of replicas are not supported. Detach it first, then create its replicas.");
        }

        if (source.ReplicaOf is { } grandSource)
        {
            throw new CatalogValidationException(
                $"Instance {source.Id} is itself a replica (of {grandSource}); replicas of replicas are not supported. Create the replica of {grandSource} instead.");
        }

        if (source.Status != InstanceStatus.Active)
        {
            throw new InstanceBusyException(source.Id, source.Status);
        }

        if (request.ReplicaCount is < 1 or > MaxReplicaCount)
        {
            throw new CatalogValidationException($"replica_count {request.ReplicaCount} is out of range: create 1 to {MaxReplicaCount} replicas at a time.");
        }

        var volume = request.VolumeSizeGigabytes > 0 ? request.VolumeSizeGigabytes : source.VolumeSizeGigabytes;
        if (source.VolumeUsedGigabytes is { } used && volume < Math.Ceiling(used))
        {
            throw new CatalogValidationException(
                $"The source {source.Id} uses {used:0.##} GB, which does not fit a {volume} GB volume: request a volume of at least {Math.Ceiling(used):0} GB.");
        }

        // The datastore is always the source's: a replica of another version would not replicate reliably.
        var plan = await CreateInstanceValidation.ValidateAsync(
            request with
            {
                FlavorRef = string.IsNullOrWhiteSpace(request.FlavorRef) ? source.FlavorId : request.FlavorRef,
                VolumeSizeGigabytes = volume,
                DatastoreType = source.DatastoreType,
                DatastoreVersion = source.DatastoreVersion,
            },
            _queries,
            cancellationToken).ConfigureAwait(false);

        // The group asked for, else the source's: replicas run with what their source runs with unless told otherwise.
        var configurationId = request.Configuration is { } group
            ? (await ConfigurationGroups.FindForAsync(_catalog, projectId, group, plan.Datastore.Name, plan.Version.Name, plan.Version.Id, cancellationToken).ConfigureAwait(false)).Id
            : source.ConfigurationId;
        InstanceView? first = null;
        for (var i = 1; i <= request.ReplicaCount; i++)
        {
            var name = request.ReplicaCount == 1 ? request.Name : $"{request.Name}-{i}";
            var created = await CreateOneAsync(projectId, source, name, plan, volume, request.Access ?? InstanceAccess.Private, configurationId, cancellationToken).ConfigureAwait(false);
            first ??= created;
        }

        return first!;
    }

    /// <summary>
    /// Promotes a replica to source of its set (Trove <c>promote_to_replica_source</c>): checks that the replica
    /// replicates and is close behind, takes every member (<c>PROMOTE</c>) and starts <c>PromoteReplica</c>.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="replicaId">The replica to promote.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The promote operation.</returns>
    /// <exception cref="CatalogValidationException">The instance is not a replica.</exception>
    /// <exception cref="CatalogConflictException">The replica is broken or too far behind; the message says how far.</exception>
    /// <exception cref="InstanceBusyException">A member of the set is not <c>ACTIVE</c>.</exception>
    public async Task<OperationView> PromoteAsync(string projectId, string replicaId, CancellationToken cancellationToken)
    {
        var replica = (await ReadAsync(projectId, replicaId, cancellationToken).ConfigureAwait(false)).Value.Instance;
        if (replica.ExternalSource is not null)
        {
            throw ExternalSourceRefusal(replica, "promoted (there is no replica set to switch over)");
        }

        if (replica.ReplicaOf is not { } sourceId)
        {
            throw new CatalogValidationException($"Instance {replicaId} is not a replica: only a replica can be promoted to replication source.");
        }

        if (_platform.CreatesReplicasNatively)
        {
            throw new CatalogConflictException(NativePromoteRefusal(replicaId, sourceId));
        }

        var members = await ReadSetAsync(projectId, sourceId, cancellationToken).ConfigureAwait(false);
        RequireStatus(members, InstanceStatus.Active);
        var sourceHealth = await ReplicationHealth.ReadAsync(_platform, _secrets, sourceId, CheckDeadline, cancellationToken).ConfigureAwait(false);
        if (!sourceHealth.Reachable)
        {
            throw new CatalogConflictException($"The source {sourceId} does not answer, so a switchover cannot guarantee that no write is lost: eject the source instead.");
        }

        var health = await ReplicationHealth.ReadAsync(_platform, _secrets, replicaId, CheckDeadline, cancellationToken).ConfigureAwait(false);
        if (!health.Reachable)
        {
            throw new CatalogConflictException($"The replica {replicaId} does not answer; it cannot be promoted.");
        }

        if (!health.IsRunning)
        {
            throw new CatalogConflictException(
                $"Replication on {replicaId} is broken (IO thread {health.IoThreadState ?? "none"}, SQL thread {health.SqlThreadState ?? "none"}"
                + $"{(health.LastError is { } error ? $", error: {error}" : string.Empty)}): re-sync the replica before promoting it.");
        }

        var behind = health.TransactionsBehind(sourceHealth.AppliedGtid);
        if (behind > MaxPromoteLagTransactions || health.SecondsBehind > MaxPromoteLagSeconds)
        {
            throw new CatalogConflictException(
                $"The replica {replicaId} is {behind} transactions ({health.SecondsBehind?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} s) behind its source; "
                + $"promote it when it is within {MaxPromoteLagTransactions} transactions and {MaxPromoteLagSeconds} s.");
        }

        return await StartSetOperationAsync(projectId, members, OperationKind.Promote, InstanceStatus.Promote, PromoteReplicaOrchestrator.Name, replicaId, replicaId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces a dead source by its most advanced replica (Trove <c>eject_replica_source</c>): refused while the source
    /// answers; takes every member (<c>EJECT</c>) and starts <c>EjectSource</c>.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="sourceId">The source that is down.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The eject operation.</returns>
    /// <exception cref="CatalogValidationException">The instance is not a replication source.</exception>
    /// <exception cref="CatalogConflictException">The source still answers.</exception>
    /// <exception cref="InstanceBusyException">A member of the set is busy with another operation.</exception>
    public async Task<OperationView> EjectAsync(string projectId, string sourceId, CancellationToken cancellationToken)
    {
        var source = (await ReadAsync(projectId, sourceId, cancellationToken).ConfigureAwait(false)).Value.Instance;
        if (source.ExternalSource is not null)
        {
            throw ExternalSourceRefusal(source, "ejected (its source is not a member of a replica set here)");
        }

        if (source.Replicas.Count == 0 || source.ReplicaOf is not null)
        {
            throw new CatalogValidationException($"Instance {sourceId} is not a replication source: only the source of a replica set can be ejected.");
        }

        var members = await ReadSetAsync(projectId, sourceId, cancellationToken).ConfigureAwait(false);
        RequireStatus(members, InstanceStatus.Active, InstanceStatus.Error);
        var health = await ReplicationHealth.ReadAsync(_platform, _secrets, sourceId, CheckDeadline, cancellationToken).ConfigureAwait(false);
        if (health.Reachable)
        {
            throw new CatalogConflictException(
                $"The source {sourceId} still answers: eject is for a source that is down. Promote a replica instead (a switchover that loses nothing).");
        }

        return await StartSetOperationAsync(projectId, members, OperationKind.Eject, InstanceStatus.Eject, EjectSourceOrchestrator.Name, null, sourceId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Detaches a replica from its source (Trove <c>replica_of</c> set to null): it becomes a writable standalone instance.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="replicaId">The replica.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The detach operation.</returns>
    /// <exception cref="CatalogValidationException">The instance is not a replica.</exception>
    /// <exception cref="InstanceBusyException">The replica is busy with another operation.</exception>
    public Task<OperationView> DetachAsync(string projectId, string replicaId, CancellationToken cancellationToken) =>
        StartReplicaOperationAsync(projectId, replicaId, OperationKind.Detach, InstanceStatus.Detach, DetachReplicaOrchestrator.Name, cancellationToken);

    /// <summary>Rebuilds a replica's data from a fresh snapshot of its source, keeping its id and address (our <c>resync</c> action).</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="replicaId">The replica.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The re-sync operation.</returns>
    /// <exception cref="CatalogValidationException">The instance is not a replica.</exception>
    /// <exception cref="InstanceBusyException">The replica is busy with another operation.</exception>
    public Task<OperationView> ResyncAsync(string projectId, string replicaId, CancellationToken cancellationToken) =>
        StartReplicaOperationAsync(projectId, replicaId, OperationKind.Resync, InstanceStatus.Resync, ResyncReplicaOrchestrator.Name, cancellationToken);

    /// <summary>
    /// Describes an instance's place in its replica set (with the other members' names) and, when asked, its health read
    /// within a deadline well under a second: a server that is down shows as unreachable rather than delaying the answer.
    /// </summary>
    /// <param name="instance">The instance.</param>
    /// <param name="includeHealth">Whether to read the server's replication health.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ReplicationView> DescribeAsync(InstanceView instance, bool includeHealth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var role = ReplicationView.RoleOf(instance);
        var healthTask = includeHealth && role != ReplicationView.StandaloneRole ? ReadHealthWithinAsync(instance.Id, cancellationToken) : Task.FromResult<ReplicaHealth?>(null);
        var source = instance.ReplicaOf is { } sourceId ? await ReferenceAsync(instance.ProjectId, sourceId, cancellationToken).ConfigureAwait(false)
            : ReplicaReference.External(instance.ExternalSource);
        var replicas = new List<ReplicaReference>(instance.Replicas.Count);
        foreach (var replicaId in instance.Replicas)
        {
            replicas.Add(await ReferenceAsync(instance.ProjectId, replicaId, cancellationToken).ConfigureAwait(false));
        }

        return new ReplicationView(role, source, replicas, await healthTask.ConfigureAwait(false));
    }

    /// <summary>
    /// The connection settings of the replica set the instance belongs to: the source for writes, the <c>ACTIVE</c>
    /// replicas for reads (Cloud 66's environment variables). Asking a replica gives the same answer as asking its source.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">Any member of the set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogNotFoundException">The project has no such instance.</exception>
    public async Task<ConnectionSettings> GetConnectionAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        var instance = (await ReadAsync(projectId, instanceId, cancellationToken).ConfigureAwait(false)).Value.Instance;
        var members = await ReadSetAsync(projectId, instance.ReplicaOf ?? instance.Id, cancellationToken).ConfigureAwait(false);
        var source = members[0].Value.Instance;
        var replicas = members.Skip(1)
            .Select(m => m.Value.Instance)
            .Where(r => r.Status == InstanceStatus.Active && r.Host is not null && r.Port is not null)
            .Select(r => $"{r.Host}:{r.Port!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")
            .ToList();
        return new ConnectionSettings(source.Host, source.Port, replicas);
    }

    /// <summary>Why a promote is refused where replicas are the platform's own (docs/azure-platform.md, "Promote and switchover").</summary>
    private static string NativePromoteRefusal(string replicaId, string sourceId) =>
        $"Replica {replicaId} cannot be promoted here: Azure Database for MySQL has no switchover, and the old source {sourceId} can never become a replica "
        + $"of {replicaId} (a server whose replication stopped cannot replicate again), so a promote that keeps the replica set is not possible. "
        + $"To switch over, stop the applications' writes to {sourceId}, wait until {replicaId} shows 0 s behind, detach {replicaId} (it becomes a writable "
        + $"standalone instance) and create new replicas of it; if {sourceId} is down, eject it instead (a failover).";

    private async Task<ReplicaHealth?> ReadHealthWithinAsync(string instanceId, CancellationToken cancellationToken)
    {
        // The platform may hold the server's lock during a long step (a restart): the deadline covers that wait too.
        var read = ReplicationHealth.ReadAsync(_platform, _secrets, instanceId, ShowHealthDeadline, cancellationToken);
        var finished = await Task.WhenAny(read, Task.Delay(ShowHealthDeadline, cancellationToken)).ConfigureAwait(false);
        return finished == read ? await read.ConfigureAwait(false) : ReplicaHealth.Unknown;
    }

    private async Task<ReplicaReference> ReferenceAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        var document = await _catalog.GetAsync(CatalogKeys.Instance(projectId, instanceId), CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false);
        return new ReplicaReference(instanceId, document?.Value.Instance.Name ?? instanceId);
    }

    private async Task<InstanceView> CreateOneAsync(string projectId, InstanceView source, string name, CreateInstanceValidation.CreatePlan plan, int volume, InstanceAccess access, string? configurationId, CancellationToken cancellationToken)
    {
        var instanceId = Guid.NewGuid().ToString("D");
        var operationId = Guid.NewGuid().ToString("D");
        var orchestrationId = $"create-{instanceId}";
        var now = _time.GetUtcNow();
        await InstanceNames.ClaimAsync(_catalog, projectId, name, instanceId, now, cancellationToken).ConfigureAwait(false);
        var view = new InstanceView(
            instanceId, projectId, name, InstanceStatus.Build, plan.Flavor.Id, plan.Datastore.Name, plan.Version.Name,
            volume, VolumeUsedGigabytes: null, Host: null, Port: null, now, now, operationId, Fault: null)
        {
            ReplicaOf = source.Id,
            ConfigurationId = configurationId,
            Access = access,
        };
        var document = new InstanceDocument(view, CatalogIds.AdminSecret(instanceId), [], []);
        var created = await _catalog.CreateAsync(CatalogKeys.Instance(projectId, instanceId), document, CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false);
        await OperationRecords.CreateAsync(_catalog, projectId, operationId, instanceId, OperationKind.Create, orchestrationId, now, cancellationToken).ConfigureAwait(false);

        // Listed on the source at once, as Trove does; a source that became a replica meanwhile is refused.
        var linked = await CatalogDocuments.ChangeAsync(
            _catalog,
            CatalogKeys.Instance(projectId, source.Id),
            CatalogJsonContext.Default.InstanceDocument,
            s => s.Instance.ReplicaOf is not null || s.Instance.Status != InstanceStatus.Active ? null : s with
            {
                Instance = s.Instance with { Replicas = [.. s.Instance.Replicas.Where(r => r != instanceId), instanceId], Updated = now },
            },
            cancellationToken).ConfigureAwait(false);
        if (!linked)
        {
            await _catalog.DeleteAsync(CatalogKeys.Instance(projectId, instanceId), created, cancellationToken).ConfigureAwait(false);
            throw new InstanceBusyException(source.Id, "changed during the request");
        }

        CrashPoints.Reach(CrashPoints.BeforeSchedule);
        var spec = new ServerSpec(
            instanceId,
            CatalogIds.MySqlServerId(instanceId),
            new FlavorSpec(plan.Flavor.VCpus, plan.Flavor.RamMegabytes, plan.Flavor.MaxConnections),
            volume,
            ReadOnly: true,
            document.AdminSecretId);
        await _client.ScheduleNewOrchestrationInstanceAsync(
            CreateReplicaOrchestrator.Name,
            new CreateReplicaInput(projectId, instanceId, operationId, source.Id, spec) { NativeReplicas = _platform.CreatesReplicasNatively, ConfigurationId = view.ConfigurationId },
            new StartOrchestrationOptions(orchestrationId),
            cancellationToken).ConfigureAwait(false);
        return view;
    }

    private async Task<OperationView> StartReplicaOperationAsync(string projectId, string replicaId, string kind, string status, string orchestrator, CancellationToken cancellationToken)
    {
        var replica = (await ReadAsync(projectId, replicaId, cancellationToken).ConfigureAwait(false)).Value.Instance;
        var external = replica.ExternalSource is not null;
        if (external && kind != OperationKind.Detach)
        {
            throw ExternalSourceRefusal(replica, $"given a {kind} (delete it and migrate again to start over)");
        }

        if (replica.ReplicaOf is not { } sourceId && !external)
        {
            throw new CatalogValidationException($"Instance {replicaId} is not a replica: it has no replication source to {kind} from.");
        }

        if (kind == OperationKind.Resync && _platform.CreatesReplicasNatively)
        {
            throw new CatalogConflictException(
                $"Replica {replicaId} is one of the platform's own read replicas (Azure Database for MySQL), which Azure seeds and keeps itself: it cannot be "
                + $"re-seeded in place, and a replica whose replication stopped can never replicate again. Delete it and create a new replica of {replica.ReplicaOf}.");
        }

        var operationId = Guid.NewGuid().ToString("D");
        var orchestrationId = $"{kind}-{operationId}";
        await TakeAsync([await ReadAsync(projectId, replicaId, cancellationToken).ConfigureAwait(false)], status, operationId, [InstanceStatus.Active, InstanceStatus.Error], cancellationToken).ConfigureAwait(false);
        CrashPoints.Reach(CrashPoints.AfterStatusChange);
        var operation = await OperationRecords.CreateAsync(_catalog, projectId, operationId, replicaId, kind, orchestrationId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        CrashPoints.Reach(CrashPoints.BeforeSchedule);
        await _client.ScheduleNewOrchestrationInstanceAsync(
            orchestrator,
            new ReplicaOperationInput(projectId, operationId, replicaId, replica.ReplicaOf ?? string.Empty)
            {
                FromExternalSource = external,
                NativeReplicas = !external && _platform.CreatesReplicasNatively,
            },
            new StartOrchestrationOptions(orchestrationId),
            cancellationToken).ConfigureAwait(false);
        return operation.ToView();
    }

    private async Task<OperationView> StartSetOperationAsync(
        string projectId, List<Document<InstanceDocument>> members, string kind, string status, string orchestrator, string? newSourceId, string operationInstanceId, CancellationToken cancellationToken)
    {
        var operationId = Guid.NewGuid().ToString("D");
        var orchestrationId = $"{kind}-{operationId}";
        var source = members[0].Value.Instance;
        await TakeAsync(members, status, operationId, [InstanceStatus.Active, InstanceStatus.Error], cancellationToken).ConfigureAwait(false);
        CrashPoints.Reach(CrashPoints.AfterStatusChange);
        var operation = await OperationRecords.CreateAsync(_catalog, projectId, operationId, operationInstanceId, kind, orchestrationId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        CrashPoints.Reach(CrashPoints.BeforeSchedule);
        await _client.ScheduleNewOrchestrationInstanceAsync(
            orchestrator,
            new ReplicaSetOperationInput(projectId, operationId, source.Id, newSourceId, source.Replicas) { NativeReplicas = _platform.CreatesReplicasNatively },
            new StartOrchestrationOptions(orchestrationId),
            cancellationToken).ConfigureAwait(false);
        return operation.ToView();
    }

    /// <summary>
    /// Moves every member to <paramref name="status"/> under the operation, each under the ETag it was read with; if one
    /// changed meanwhile the ones already taken are given back and the request is refused.
    /// </summary>
    private async Task<bool> TakeAsync(List<Document<InstanceDocument>> members, string status, string operationId, string[] allowed, CancellationToken cancellationToken)
    {
        var taken = new List<(Document<InstanceDocument> Before, Azure.ETag ETag)>();
        var now = _time.GetUtcNow();
        foreach (var member in members)
        {
            var current = member.Value.Instance;
            if (!allowed.Contains(current.Status))
            {
                await GiveBackAsync(taken, cancellationToken).ConfigureAwait(false);
                throw new InstanceBusyException(current.Id, current.Status);
            }

            try
            {
                var etag = await _catalog.ReplaceAsync(
                    member.Key,
                    member.Value with { Instance = current with { Status = status, OperationId = operationId, Updated = now } },
                    member.ETag,
                    CatalogJsonContext.Default.InstanceDocument,
                    cancellationToken).ConfigureAwait(false);
                taken.Add((member, etag));
            }
            catch (Exception ex) when (ex is DocumentChangedException or DocumentNotFoundException)
            {
                await GiveBackAsync(taken, cancellationToken).ConfigureAwait(false);
                throw new InstanceBusyException(current.Id, "changed during the request");
            }
        }

        return true;
    }

    private async Task GiveBackAsync(List<(Document<InstanceDocument> Before, Azure.ETag ETag)> taken, CancellationToken cancellationToken)
    {
        foreach (var (before, etag) in taken)
        {
            try
            {
                await _catalog.ReplaceAsync(before.Key, before.Value, etag, CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false);
            }
            catch (DocumentChangedException)
            {
                // Someone else changed it since: theirs stands.
            }
        }
    }

    private static void RequireStatus(List<Document<InstanceDocument>> members, params string[] allowed)
    {
        if (members.FirstOrDefault(m => !allowed.Contains(m.Value.Instance.Status)) is { } busy)
        {
            throw new InstanceBusyException(busy.Value.Instance.Id, busy.Value.Instance.Status);
        }
    }

    /// <summary>The source first, then its replicas as the source lists them.</summary>
    private async Task<List<Document<InstanceDocument>>> ReadSetAsync(string projectId, string sourceId, CancellationToken cancellationToken)
    {
        var source = await ReadAsync(projectId, sourceId, cancellationToken).ConfigureAwait(false);
        var members = new List<Document<InstanceDocument>> { source };
        foreach (var replicaId in source.Value.Instance.Replicas)
        {
            members.Add(await ReadAsync(projectId, replicaId, cancellationToken).ConfigureAwait(false));
        }

        return members;
    }

    private async Task<Document<InstanceDocument>> ReadAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        if (!CatalogIds.IsWellFormed(instanceId)
            || await _catalog.GetAsync(CatalogKeys.Instance(projectId, instanceId), CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false) is not { } instance)
        {
            throw new CatalogNotFoundException("Instance", instanceId ?? "");
        }

        return instance;
    }
}
