using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Api;
using Serverless.Durable;
using Serverless.Orchestrations;
using Serverless.Orchestrations.Backups;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Schedules;
using Serverless.Storage.Documents;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Azure.Functions.Worker;
using Serverless.Platforms;
using Serverless.Platforms.Local.Instances;
using Serverless.Platforms.Local.Secrets;
using Serverless.Testing;
using Xunit;

namespace Serverless.Functions.Tests;

/// <summary>
/// The HTTP functions called directly with a real <see cref="DefaultHttpContext"/>, over the app's composition
/// (AddControlPlane + AddTroveApi) with the catalog in Azurite: the same answers as the local host gives.
/// </summary>
public sealed class ApiFunctionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private const string Token = "functions-token-0123";
    private readonly string _root = Directory.CreateTempSubdirectory("serverless-functions-tests-").FullName;
    private ServiceProvider _services = null!;
    private ApiFunctions _functions = null!;
    private ServiceProvider _runtime = null!;
    private DurableTaskClient _boundClient = null!;

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection().AddLogging(logging => logging.ClearProviders());
        var secrets = new LocalSecretStore(Path.Combine(_root, "secrets"));
        services.AddSingleton<IDatabasePlatform>(new LocalDatabasePlatform(new LocalDatabasePlatformOptions { StateRoot = _root }, secrets)).AddSingleton<ISecretStore>(secrets);
        services.AddControlPlane(new ControlPlaneOptions { Storage = new() { ConnectionString = azurite.ConnectionString } });

        // The services get the forwarding client, as in the app; the client the functions are "bound" is the local
        // runtime's (its worker does not run), where the Functions host would pass the Durable extension's.
        services.AddSingleton<FunctionsDurableClient>().AddSingleton<DurableTaskClient>(provider => provider.GetRequiredService<FunctionsDurableClient>());
        var runtime = new ServiceCollection().AddLogging().AddLocalDurableRuntime(
            new DurableRuntimeOptions { StorageConnectionString = azurite.ConnectionString, TaskHubName = "functions" }, ControlPlane.DataConverter, ControlPlane.AddTasks);
        _runtime = runtime.BuildServiceProvider();
        services.AddTroveApi(options =>
        {
            options.ProjectTokens["alpha"] = Token;
            options.ProjectTokens["gamma"] = Token;
            options.ProjectTokens["delta"] = Token;
        });
        _services = services.BuildServiceProvider();
        await _services.GetRequiredService<ControlPlaneStorage>().EnsureCreatedAsync(CancellationToken.None);
        _functions = new ApiFunctions(_services.GetRequiredService<TroveApiInvoker>(), _services.GetRequiredService<FunctionsDurableClient>());
        _boundClient = _runtime.GetRequiredService<DurableTaskClient>();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _runtime.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task ListFlavors_AnswersTheCatalogsFlavors()
    {
        var (status, body) = await CallAsync(_functions.ListFlavors, "GET", "/v1.0/alpha/flavors");

        Assert.Equal(200, status);
        Assert.NotEmpty(body.GetProperty("flavors").EnumerateArray());
    }

    [Fact]
    public async Task GetDatastoreVersion_BindsBothRouteValues()
    {
        var (status, body) = await CallAsync(_functions.GetDatastoreVersion, "GET", "/v1.0/alpha/datastores/mysql/versions/10.11");

        Assert.Equal(200, status);
        Assert.Equal("10.11", body.GetProperty("version").GetProperty("name").GetString());
    }

    [Fact]
    public async Task WithoutAToken_TheAnswerIs401_InTrovesErrorShape()
    {
        var (status, body) = await CallAsync(_functions.ListInstances, "GET", "/v1.0/alpha/instances", token: null);

        Assert.Equal(401, status);
        Assert.Equal(401, body.GetProperty("unauthorized").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task CreateInstance_WithABadBody_Is400_AndNothingIsCreated()
    {
        var (status, body) = await CallAsync(_functions.CreateInstance, "POST", "/v1.0/alpha/instances", json: """{"instance": {"name": ""}}""");

        Assert.Equal(400, status);
        Assert.Equal(400, body.GetProperty("badRequest").GetProperty("code").GetInt32());
        var (_, list) = await CallAsync(_functions.ListInstances, "GET", "/v1.0/alpha/instances");
        Assert.Empty(list.GetProperty("instances").EnumerateArray());
    }

    [Fact]
    public async Task CreateInstance_SchedulesItsOrchestration_ThroughTheClientTheHostBound()
    {
        var (status, body) = await CallAsync(
            _functions.CreateInstance, "POST", "/v1.0/gamma/instances",
            json: """{"instance": {"name": "fn-db", "flavorRef": "1", "volume": {"size": 1}, "datastore": {"type": "mysql", "version": "10.11"}}}""");

        Assert.Equal(200, status);
        var instance = body.GetProperty("instance");
        Assert.Equal("BUILD", instance.GetProperty("status").GetString());
        var orchestration = await _boundClient.GetInstanceAsync($"create-{instance.GetProperty("id").GetString()}");
        Assert.Equal("CreateInstance", orchestration?.Name);
    }

    [Fact]
    public async Task UnknownInstance_AndUnknownPath_Are404()
    {
        var (instanceStatus, _) = await CallAsync(_functions.GetInstance, "GET", "/v1.0/alpha/instances/no-such-instance");
        var (pathStatus, body) = await CallAsync(_functions.NotFound, "GET", "/v1.0/alpha/clusters");

        Assert.Equal(404, instanceStatus);
        Assert.Equal(404, pathStatus);
        Assert.Contains("GET /v1.0/alpha/clusters", body.GetProperty("itemNotFound").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduleCreatedThroughItsFunction_IsRunByTheTimerFunction_WhenDue_Once()
    {
        // An ACTIVE instance of project gamma, written into the catalog (no server: its backup would fail at the dump,
        // but this worker runs no orchestrations; the point is that the timer starts exactly one).
        var catalog = _services.GetRequiredService<IDocumentStore>();
        var instanceId = Guid.NewGuid().ToString();
        var now = DateTimeOffset.UtcNow;
        var instance = new InstanceView(instanceId, "gamma", "timed", InstanceStatus.Active, "1", "mysql", "10.11", 2, null, null, null, now, now, OperationId: null, Fault: null);
        await catalog.CreateAsync(CatalogKeys.Instance("gamma", instanceId), new InstanceDocument(instance, $"{instanceId}-admin", [], []), CatalogJsonContext.Default.InstanceDocument);

        var (created, body) = await CallAsync(
            _functions.CreateSchedule, "POST", $"/v1.0/gamma/instances/{instanceId}/schedules", json: """{"schedule": {"name": "every-minute", "pattern": "* * * * *", "keep_count": 3}}""");
        Assert.Equal(200, created);
        var scheduleId = body.GetProperty("schedule").GetProperty("id").GetString()!;
        var (refused, error) = await CallAsync(
            _functions.CreateSchedule, "POST", $"/v1.0/gamma/instances/{instanceId}/schedules", json: """{"schedule": {"name": "bad", "pattern": "61 * * * *"}}""");
        Assert.Equal(400, refused);
        Assert.Contains("'61 * * * *' is not valid", error.GetProperty("badRequest").GetProperty("message").GetString(), StringComparison.Ordinal);

        var clock = new FakeTimeProvider(now);
        var timer = new ScheduleTimerFunction(
            new ScheduleEvaluator(catalog, _services.GetRequiredService<BackupService>(), clock), _services.GetRequiredService<FunctionsDurableClient>(), NullLogger<ScheduleTimerFunction>.Instance);
        await timer.Run(new TimerInfo(), _boundClient, CancellationToken.None);
        Assert.Empty((await CallAsync(_functions.ListBackups, "GET", "/v1.0/gamma/backups")).Body.GetProperty("backups").EnumerateArray());

        clock.Advance(TimeSpan.FromMinutes(1));
        await timer.Run(new TimerInfo(), _boundClient, CancellationToken.None);
        await timer.Run(new TimerInfo { IsPastDue = true }, _boundClient, CancellationToken.None);

        var backup = Assert.Single((await CallAsync(_functions.ListBackups, "GET", "/v1.0/gamma/backups")).Body.GetProperty("backups").EnumerateArray());
        var backupId = backup.GetProperty("id").GetString()!;
        Assert.NotNull(await _boundClient.GetInstanceAsync($"backup-{backupId}"));
        var (listed, executions) = await CallAsync(_functions.ListScheduleExecutions, "GET", $"/v1.0/gamma/schedules/{scheduleId}/executions");
        Assert.Equal(200, listed);
        var run = Assert.Single(executions.GetProperty("executions").EnumerateArray());
        Assert.Equal(("STARTED", backupId), (run.GetProperty("state").GetString(), run.GetProperty("backup_id").GetString()));
    }

    [Fact]
    public async Task SettleTimer_SettlesAHalfStartedOperationOlderThanItsMinimumAge_AndLeavesAYoungerOneAlone()
    {
        // Two instances of project delta left REBOOT by a worker that stopped before it recorded the operation or
        // scheduled its orchestration: one changed longer ago than the minimum age, one changed just now (its request
        // could still be scheduling it).
        var catalog = _services.GetRequiredService<IDocumentStore>();
        var now = DateTimeOffset.UtcNow;
        var stale = await HalfStartedRestartAsync(catalog, "stale", now - SettleTimerFunction.MinimumAge - TimeSpan.FromMinutes(1));
        var young = await HalfStartedRestartAsync(catalog, "young", now - TimeSpan.FromMinutes(1));
        var clock = new FakeTimeProvider(now);
        var timer = new SettleTimerFunction(
            new HalfStartedOperations(catalog, _services.GetRequiredService<FunctionsDurableClient>(), clock),
            _services.GetRequiredService<FunctionsDurableClient>(),
            clock,
            NullLogger<SettleTimerFunction>.Instance);

        await timer.Run(new TimerInfo(), _boundClient, CancellationToken.None);

        var (_, settled) = await CallAsync(_functions.GetInstance, "GET", $"/v1.0/delta/instances/{stale.InstanceId}");
        Assert.Equal("ACTIVE", settled.GetProperty("instance").GetProperty("status").GetString());
        var (_, operation) = await CallAsync(_functions.GetOperation, "GET", $"/v1.0/delta/operations/{stale.OperationId}");
        Assert.Equal("FAILED", operation.GetProperty("operation").GetProperty("status").GetString());
        var (_, untouched) = await CallAsync(_functions.GetInstance, "GET", $"/v1.0/delta/instances/{young.InstanceId}");
        Assert.Equal("REBOOT", untouched.GetProperty("instance").GetProperty("status").GetString());
        var (missing, _) = await CallAsync(_functions.GetOperation, "GET", $"/v1.0/delta/operations/{young.OperationId}");
        Assert.Equal(404, missing);

        // Once the younger one is older than the minimum age too, the next run settles it.
        clock.Advance(SettleTimerFunction.MinimumAge);
        await timer.Run(new TimerInfo { IsPastDue = true }, _boundClient, CancellationToken.None);
        var (_, later) = await CallAsync(_functions.GetInstance, "GET", $"/v1.0/delta/instances/{young.InstanceId}");
        Assert.Equal("ACTIVE", later.GetProperty("instance").GetProperty("status").GetString());
    }

    private static async Task<(string InstanceId, string OperationId)> HalfStartedRestartAsync(IDocumentStore catalog, string name, DateTimeOffset changed)
    {
        var (instanceId, operationId) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        var instance = new InstanceView(instanceId, "delta", name, InstanceStatus.Reboot, "1", "mysql", "10.11", 2, null, null, null, changed, changed, operationId, Fault: null);
        await catalog.CreateAsync(CatalogKeys.Instance("delta", instanceId), new InstanceDocument(instance, $"{instanceId}-admin", [], []), CatalogJsonContext.Default.InstanceDocument);
        return (instanceId, operationId);
    }

    private async Task<(int Status, JsonElement Body)> CallAsync(Func<HttpRequest, DurableTaskClient, IActionResult> function, string method, string path, string? token = Token, string? json = null)
    {
        var http = new DefaultHttpContext { RequestServices = _services };
        http.Request.Method = method;
        http.Request.Path = path;
        http.Request.Host = new HostString("functions.example");
        http.Request.Scheme = "https";
        if (token is not null)
        {
            http.Request.Headers["X-Auth-Token"] = token;
        }

        if (json is not null)
        {
            http.Request.ContentType = "application/json";
            http.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        }

        var response = new MemoryStream();
        http.Response.Body = response;
        await function(http.Request, _boundClient).ExecuteResultAsync(new ActionContext { HttpContext = http });
        using var document = JsonDocument.Parse(response.ToArray());
        return (http.Response.StatusCode, document.RootElement.Clone());
    }
}
