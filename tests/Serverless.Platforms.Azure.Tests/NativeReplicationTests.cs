using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Platform;
using Serverless.Orchestrations.Replication;
using Serverless.Platforms.Azure;
using Serverless.Storage.Documents;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// The real replication orchestrators on the Azure platform (fake ARM; the SQL side is two MariaDB servers replicating as
/// Azure would have set them up), run by Microsoft.DurableTask's in-process host: a replica is Azure's own (one
/// <c>createMode: Replica</c> PUT, polled, resumed after a lost poll without a second PUT), detach stops replication through
/// ARM, and nothing of the local seed-and-CHANGE MASTER path runs.
/// </summary>
public sealed class NativeReplicationTests(NativeReplicaServers servers) : AzurePlatformTest, IClassFixture<NativeReplicaServers>
{
    private const string Project = "azure-replicas";
    private const string ApiVersion = "2024-12-30";

    // The local path's SQL steps: registered to record a call, so that the test sees any, and fail.
    private static readonly string[] LocalOnlyActivities =
    [
        EnsureReplicationAccountActivity.Name, SeedReplicaActivity.Name, ReplicateFromActivity.Name, CatchUpActivity.Name, StopReplicatingActivity.Name, FenceSourceActivity.Name,
    ];

    private readonly string _sourceId = Guid.NewGuid().ToString("D");
    private readonly string _replicaId = Guid.NewGuid().ToString("D");
    private readonly string _operationId = Guid.NewGuid().ToString("D");
    private readonly InMemoryDocumentStore _catalog = new();
    private readonly ConcurrentBag<string> _localCalls = [];
    private bool _sourceDown;

    [Fact]
    public async Task CreateReplica_IsOneNativeCreate_PolledAndResumedAfterALostPoll_ThenCaughtUpOverSql_AndActiveWithTheSetInTheCatalog()
    {
        var source = PathOf(_sourceId);
        var replica = PathOf(_replicaId);
        await Secrets.CreateAsync(_sourceId + "-admin", "source-admin-password", CancellationToken.None);
        Context.Arm.On("GET", source, ArmAnswer.Json(200, TaggedServer(_sourceId, replicationRole: "Source")));
        Context.Arm.On("PUT", replica, ArmAnswer.AcceptedAsync(201, "/ops/replica-1", retryAfterSeconds: 1));
        Context.Arm.On(
            "GET",
            "/ops/replica-1",
            ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 1),
            ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 1),
            ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 1),
            ArmAnswer.OperationStatus("Succeeded"));
        Context.Arm.On(
            "GET",
            replica,
            ArmAnswer.Error(404, "ResourceNotFound", "not yet"),
            ArmAnswer.Json(200, TaggedServer(_replicaId, replicationRole: "Replica", sourceServerId: _sourceId)));
        await WriteSetAsync(replicaStatus: InstanceStatus.Build, OperationKind.Create);

        // A row written before the replica exists must be on it when the operation ends.
        var settings = new MySqlConnector.MySqlConnectionStringBuilder
        {
            Server = servers.Source.Host,
            Port = (uint)servers.Source.Port,
            UserID = servers.Source.AdminUser,
            Password = servers.Source.AdminPassword,
            SslMode = MySqlConnector.MySqlSslMode.Required,
            AllowUserVariables = true,
        };
        await using (var connection = new MySqlConnector.MySqlConnection(settings.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new MySqlConnector.MySqlCommand(
                "CREATE DATABASE IF NOT EXISTS appdb; CREATE TABLE IF NOT EXISTS appdb.marks (id INT PRIMARY KEY); INSERT IGNORE INTO appdb.marks VALUES (1)", connection);
            await command.ExecuteNonQueryAsync();
        }

        var input = new CreateReplicaInput(Project, _replicaId, _operationId, _sourceId, Spec(_replicaId))
        {
            NativeReplicas = true,

            // The default six hours would spread the polls 108 s apart; ten minutes lets ARM's Retry-After of 1 s decide.
            PlatformDeadline = TimeSpan.FromMinutes(10),
        };
        var (status, _) = await RunAsync(CreateReplicaOrchestrator.Name, input, new CreateReplicaOrchestrator(), loseFirstPoll: true);

        Assert.Equal(OperationStatus.Completed, status);
        Assert.Empty(_localCalls);
        var put = Assert.Single(Context.Arm.RequestsTo("PUT", replica));
        Assert.Equal(ApiVersion, put.ApiVersion);
        var properties = put.Json().GetProperty("properties");
        Assert.Equal("Replica", properties.GetProperty("createMode").GetString());
        Assert.Equal(source, properties.GetProperty("sourceServerResourceId").GetString());

        // The lost poll was asked again (begin's own poll, the lost one, its re-run, then the rest), never a second create.
        Assert.True(Context.Arm.RequestsTo("GET", "/ops/replica-1").Count >= 4, $"polled {Context.Arm.RequestsTo("GET", "/ops/replica-1").Count} times");
        Assert.All(Context.Arm.Requests.Where(r => r.Path.Contains("flexibleServers", StringComparison.OrdinalIgnoreCase)), r => Assert.Equal(ApiVersion, r.ApiVersion));

        var replicaView = await InstanceAsync(_replicaId);
        Assert.Equal((InstanceStatus.Active, _sourceId, $"{NameOf(_replicaId)}.mysql.database.azure.com"), (replicaView.Status, replicaView.ReplicaOf, replicaView.Host));
        Assert.Equal([_replicaId], (await InstanceAsync(_sourceId)).Replicas);
        Assert.Equal("source-admin-password", Secrets.Secrets[_replicaId + "-admin"]);
    }

    [Fact]
    public async Task Detach_StopsReplicationThroughArm_ThenChecksReadOnlyThroughTheLoop_AndLeavesAStandaloneInstance()
    {
        var replica = PathOf(_replicaId);
        ScriptStopReplication("/ops/stop-1");
        await WriteSetAsync(replicaStatus: InstanceStatus.Detach, OperationKind.Detach);

        var input = new ReplicaOperationInput(Project, _operationId, _replicaId, _sourceId) { NativeReplicas = true };
        var (status, _) = await RunAsync(DetachReplicaOrchestrator.Name, input, new DetachReplicaOrchestrator(), loseFirstPoll: false);

        Assert.Equal(OperationStatus.Completed, status);
        Assert.Empty(_localCalls);
        var patch = Assert.Single(Context.Arm.RequestsTo("PATCH", replica));
        Assert.Equal(ApiVersion, patch.ApiVersion);
        Assert.Equal("None", patch.Json().GetProperty("properties").GetProperty("replicationRole").GetString());

        // read_only is already OFF on the standalone server: nothing is sent.
        Assert.Single(Context.Arm.RequestsTo("GET", replica + "/configurations/read_only"));
        Assert.Empty(Context.Arm.RequestsTo("POST", replica + "/updateConfigurations"));
        var detached = await InstanceAsync(_replicaId);
        Assert.Equal((InstanceStatus.Active, (string?)null), (detached.Status, detached.ReplicaOf));
        Assert.Empty((await InstanceAsync(_sourceId)).Replicas);
    }

    [Fact]
    public async Task Eject_OfADeadSource_FencesItThroughArm_StopsTheWinnersReplicationNatively_AndEndsTheOldSourceFenced()
    {
        _sourceDown = true;
        var source = PathOf(_sourceId);
        var replica = PathOf(_replicaId);
        Context.Arm.On("GET", source, ArmAnswer.Json(200, TaggedServer(_sourceId, replicationRole: "Source")));
        Context.Arm.On("GET", source + "/configurations/read_only", ArmAnswer.Json(200, AzureParameterTests.Parameter("read_only", "OFF", "OFF", "ON,OFF")));
        Context.Arm.On("POST", source + "/updateConfigurations", ArmAnswer.AcceptedAsync(202, "/ops/fence-1", retryAfterSeconds: 1));
        Context.Arm.On("GET", "/ops/fence-1", ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 1), ArmAnswer.OperationStatus("Succeeded"));
        ScriptStopReplication("/ops/stop-2");
        await WriteSetAsync(replicaStatus: InstanceStatus.Eject, OperationKind.Eject, sourceStatus: InstanceStatus.Eject);

        var input = new ReplicaSetOperationInput(Project, _operationId, _sourceId, NewSourceId: null, [_replicaId]) { NativeReplicas = true };
        var (status, _) = await RunAsync(EjectSourceOrchestrator.Name, input, new EjectSourceOrchestrator(), loseFirstPoll: false);

        Assert.Equal(OperationStatus.Completed, status);
        Assert.Empty(_localCalls);
        var fence = Assert.Single(Assert.Single(Context.Arm.RequestsTo("POST", source + "/updateConfigurations")).Json().GetProperty("value").EnumerateArray());
        Assert.Equal(("read_only", "ON"), (fence.GetProperty("name").GetString(), fence.GetProperty("properties").GetProperty("value").GetString()));
        Assert.Equal("None", Assert.Single(Context.Arm.RequestsTo("PATCH", replica)).Json().GetProperty("properties").GetProperty("replicationRole").GetString());

        var winner = await InstanceAsync(_replicaId);
        Assert.Equal((InstanceStatus.Active, (string?)null), (winner.Status, winner.ReplicaOf));
        var old = await InstanceAsync(_sourceId);
        Assert.Equal(InstanceStatus.Error, old.Status);
        Assert.Contains("fenced (read_only ON)", old.Fault, StringComparison.Ordinal);
        Assert.Contains("delete it", old.Fault, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromoteAndResync_OnAzure_AreRefusedWithTheReason_BeforeAnythingChanges()
    {
        await WriteSetAsync(replicaStatus: InstanceStatus.Active, OperationKind.Create);
        await using var host = await InProcessDurableHost.StartAsync(_ => { });
        var service = new ReplicationService(_catalog, host.Client, CreateSqlPlatform(), Secrets, new CatalogQueries(_catalog), TimeProvider.System);

        var promote = await Assert.ThrowsAsync<CatalogConflictException>(() => service.PromoteAsync(Project, _replicaId, CancellationToken.None));
        var resync = await Assert.ThrowsAsync<CatalogConflictException>(() => service.ResyncAsync(Project, _replicaId, CancellationToken.None));

        Assert.Contains("no switchover", promote.Message, StringComparison.Ordinal);
        Assert.Contains($"detach {_replicaId}", promote.Message, StringComparison.Ordinal);
        Assert.Contains("eject", promote.Message, StringComparison.Ordinal);
        Assert.Contains("Delete it and create a new replica", resync.Message, StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Active, (await InstanceAsync(_replicaId)).Status);
        Assert.Empty(Context.Arm.Requests);
    }

    /// <summary>
    /// ARM for a replica whose replication stops: a replica until the PATCH, a standalone server after it, whose
    /// <c>read_only</c> is already OFF.
    /// </summary>
    private void ScriptStopReplication(string operationPath)
    {
        var replica = PathOf(_replicaId);
        Context.Arm.On("PATCH", replica, ArmAnswer.Empty(202, ("Location", "{endpoint}" + operationPath), ("Retry-After", "1")));
        Context.Arm.On("GET", operationPath, ArmAnswer.Empty(202, ("Retry-After", "1")), ArmAnswer.Empty(200));
        Context.Arm.On(
            "GET",
            replica,
            ArmAnswer.Json(200, TaggedServer(_replicaId, replicationRole: "Replica", sourceServerId: _sourceId)),
            ArmAnswer.Json(200, TaggedServer(_replicaId)));
        Context.Arm.On("GET", replica + "/configurations/read_only", ArmAnswer.Json(200, AzureParameterTests.Parameter("read_only", "OFF", "OFF", "ON,OFF")));
    }

    private SqlRedirectedPlatform CreateSqlPlatform() => new(CreatePlatform(), new Dictionary<string, ServerAdminAccess>
    {
        [_sourceId] = _sourceDown ? NativeReplicaServers.AccessOf(servers.Source, "sql-source") with { Port = InProcessDurableHost.FreePort() } : NativeReplicaServers.AccessOf(servers.Source, "sql-source"),
        [_replicaId] = NativeReplicaServers.AccessOf(servers.Replica, "sql-replica"),
    });

    /// <summary>Runs one orchestration with the activities it may call; returns the operation's end status and error.</summary>
    private async Task<(string Status, string? Error)> RunAsync(string name, object input, ITaskOrchestrator orchestrator, bool loseFirstPoll)
    {
        await Secrets.CreateAsync("sql-source", servers.Source.AdminPassword, CancellationToken.None);
        await Secrets.CreateAsync("sql-replica", servers.Replica.AdminPassword, CancellationToken.None);
        var platform = CreateSqlPlatform();
        var time = TimeProvider.System;
        await using var host = await InProcessDurableHost.StartAsync(registry =>
        {
            registry.AddOrchestrator(new TaskName(name), orchestrator);
            registry.AddActivity(new TaskName(BeginPlatformOperationActivity.Name), new BeginPlatformOperationActivity(platform, _catalog));
            registry.AddActivity(new TaskName(PollPlatformOperationActivity.Name), new LosingPoll(new PollPlatformOperationActivity(platform), loseFirstPoll));
            registry.AddActivity(new TaskName(CatchUpNativeReplicaActivity.Name), new CatchUpNativeReplicaActivity(platform, Secrets, time));
            registry.AddActivity(new TaskName(ReadServerStatusActivity.Name), new ReadServerStatusActivity(platform));
            registry.AddActivity(new TaskName(UpdateInstanceActivity.Name), new UpdateInstanceActivity(_catalog, time));
            registry.AddActivity(new TaskName(UpdateOperationActivity.Name), new UpdateOperationActivity(_catalog, time));
            registry.AddActivity(new TaskName(UpdateReplicaSetActivity.Name), new UpdateReplicaSetActivity(_catalog, time));
            registry.AddActivity(new TaskName(UnlinkReplicaActivity.Name), new UnlinkReplicaActivity(_catalog, time));
            registry.AddActivity(new TaskName(ReadHealthActivity.Name), new ReadHealthActivity(platform, Secrets));
            registry.AddActivity(new TaskName(WaitForGtidActivity.Name), new WaitForGtidActivity(platform, Secrets));
            foreach (var local in LocalOnlyActivities)
            {
                registry.AddActivityFunc<object?, bool>(local, (_, _) => RefuseLocal(local));
            }
        });

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync(name, input, deadline.Token);
        OrchestrationMetadata done;
        try
        {
            done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            var stuck = await _catalog.GetAsync(CatalogKeys.Operation(Project, _operationId), CatalogJsonContext.Default.OperationDocument, CancellationToken.None);
            throw new Xunit.Sdk.XunitException($"{name} did not end within a minute; its operation is at step {stuck?.Value.CurrentStep}; ARM saw "
                + string.Join(", ", Context.Arm.Requests.Select(r => $"{r.Method} {r.Path.Split('/')[^1]}")) + $"; local calls: {string.Join(",", _localCalls)}");
        }

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var operation = await _catalog.GetAsync(CatalogKeys.Operation(Project, _operationId), CatalogJsonContext.Default.OperationDocument, CancellationToken.None);
        return (operation!.Value.Status, operation.Value.Error) is var result && result.Status != OperationStatus.Completed
            ? throw new Xunit.Sdk.XunitException($"The operation ended {result.Status}: {result.Error}")
            : (result.Status, result.Error);
    }

    /// <summary>A source (listing the replica) and its replica taken by the operation, as the replication service writes them.</summary>
    private async Task WriteSetAsync(string replicaStatus, string kind, string sourceStatus = InstanceStatus.Active)
    {
        var now = DateTimeOffset.UtcNow;
        InstanceView View(string id, string status, string? operationId) =>
            new(id, Project, id[..8], status, "large", "mysql", "8.0", 64, null, null, null, now, now, operationId, null);
        await _catalog.CreateAsync(
            CatalogKeys.Instance(Project, _sourceId),
            new InstanceDocument(View(_sourceId, sourceStatus, sourceStatus == InstanceStatus.Active ? null : _operationId) with { Replicas = [_replicaId] }, _sourceId + "-admin", [], []),
            CatalogJsonContext.Default.InstanceDocument,
            CancellationToken.None);
        await _catalog.CreateAsync(
            CatalogKeys.Instance(Project, _replicaId),
            new InstanceDocument(View(_replicaId, replicaStatus, _operationId) with { ReplicaOf = _sourceId }, _replicaId + "-admin", [], []),
            CatalogJsonContext.Default.InstanceDocument,
            CancellationToken.None);
        await OperationRecords.CreateAsync(_catalog, Project, _operationId, _replicaId, kind, $"{kind}-{_operationId}", now, CancellationToken.None);
    }

    private bool RefuseLocal(string activity)
    {
        _localCalls.Add(activity);
        throw new InvalidOperationException($"{activity} is the local platform's step; it must not run on Azure.");
    }

    private async Task<InstanceView> InstanceAsync(string id) =>
        (await _catalog.GetAsync(CatalogKeys.Instance(Project, id), CatalogJsonContext.Default.InstanceDocument, CancellationToken.None))!.Value.Instance;

    /// <summary>The poll step, whose first run dies after ARM answered (as a host killed mid-poll): the runtime runs it again.</summary>
    private sealed class LosingPoll(PollPlatformOperationActivity inner, bool loseFirst) : TaskActivity<PlatformOperation, PlatformOperation>
    {
        private int _lost;

        public override async Task<PlatformOperation> RunAsync(TaskActivityContext context, PlatformOperation input)
        {
            var result = await inner.RunAsync(context, input);
            return loseFirst && Interlocked.Exchange(ref _lost, 1) == 0 ? throw new IOException("The host died before the poll's result was recorded.") : result;
        }
    }
}
