using System.Text.Json;
using Serverless.Platforms.Azure;
using Xunit;

namespace Serverless.Platforms.Tests.Azure;

/// <summary>Long-running operations: polled one step at a time, resumable from their token in a new client.</summary>
public sealed class ArmOperationPollingTests : IAsyncLifetime
{
    private const string OperationPath = "/subscriptions/x/providers/Microsoft.DBforMySQL/locations/westeurope/azureAsyncOperation/op-42";
    private ArmTestContext _context = null!;

    private static string Db1 => ArmTestContext.ServerPath("db1");

    public async Task InitializeAsync() => _context = await ArmTestContext.StartAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task AzureAsyncOperation_ReportsInProgressWithArmsRetryAfterUntilSucceeded()
    {
        _context.Arm.On("PUT", Db1, ArmAnswer.AcceptedAsync(201, OperationPath));
        _context.Arm.On(
            "GET",
            OperationPath,
            ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 7),
            ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 7),
            ArmAnswer.OperationStatus("InProgress"),
            ArmAnswer.OperationStatus("Succeeded"));
        var client = _context.CreateClient();
        var token = await client.BeginCreateServerAsync(Definition(), "Pw-123456789!", CancellationToken.None);

        var statuses = new List<ArmOperationStatus>();
        for (var poll = 0; poll < 4; poll++)
        {
            statuses.Add(await client.PollAsync(token, CancellationToken.None));
        }

        Assert.Equal(
            [ArmOperationStatus.InProgress(TimeSpan.FromSeconds(7)), ArmOperationStatus.InProgress(TimeSpan.FromSeconds(7)), ArmOperationStatus.InProgress(TimeSpan.FromSeconds(15)), ArmOperationStatus.Succeeded],
            statuses);
        var polls = _context.Arm.RequestsTo("GET", OperationPath);
        Assert.Equal(4, polls.Count);
        Assert.All(polls, poll => Assert.Equal("Bearer token-for-tests", poll.Authorization));
        // Polling is the caller's loop (a durable timer between polls), not a wait inside the client.
        Assert.Empty(_context.Time.Waits);
    }

    [Theory]
    [InlineData("Failed", "InternalServerError", "The server could not be provisioned in the zone.", "InternalServerError")]
    [InlineData("Canceled", null, null, "Canceled")]
    public async Task AzureAsyncOperation_ThatFailsOrIsCanceled_ReportsArmsErrorCodeAndMessage(string status, string? code, string? message, string expectedCode)
    {
        _context.Arm.On("PUT", Db1, ArmAnswer.AcceptedAsync(201, OperationPath));
        _context.Arm.On("GET", OperationPath, ArmAnswer.OperationStatus(status, errorCode: code, errorMessage: message));
        var client = _context.CreateClient();
        var token = await client.BeginCreateServerAsync(Definition(), "Pw-123456789!", CancellationToken.None);

        var result = await client.PollAsync(token, CancellationToken.None);

        Assert.Equal(ArmOperationState.Failed, result.State);
        Assert.Equal(expectedCode, result.ErrorCode);
        Assert.False(string.IsNullOrEmpty(result.ErrorMessage));
        if (message is not null)
        {
            Assert.Equal(message, result.ErrorMessage);
        }
    }

    [Fact]
    public async Task Location_Reports202AsInProgressAnd204AsSucceeded()
    {
        var replica = ArmTestContext.ServerPath("db1-r1");
        _context.Arm.On("GET", replica, ArmAnswer.Json(200, ServerJson.Server("db1-r1", replicationRole: "Replica", sourceServerName: "db1")));
        _context.Arm.On("PATCH", replica, ArmAnswer.Empty(202, ("Location", "{endpoint}/ops/stop"), ("Retry-After", "20")));
        _context.Arm.On("GET", "/ops/stop", ArmAnswer.Empty(202, ("Retry-After", "10")), ArmAnswer.Empty(204));
        var client = _context.CreateClient();
        var token = await client.BeginStopReplicationAsync("db1-r1", CancellationToken.None);

        var first = await client.PollAsync(token, CancellationToken.None);
        var second = await client.PollAsync(token, CancellationToken.None);

        Assert.Equal(ArmOperationStatus.InProgress(TimeSpan.FromSeconds(10)), first);
        Assert.Equal(ArmOperationStatus.Succeeded, second);
    }

    [Fact]
    public async Task Location_AnsweringAClientError_ReportsTheOperationFailedWithArmsError()
    {
        _context.Arm.On("PATCH", Db1, ArmAnswer.Empty(202, ("Location", "{endpoint}/ops/scale")));
        _context.Arm.On("GET", "/ops/scale", ArmAnswer.Error(400, "StorageSizeDecreaseNotAllowed", "Storage size cannot be decreased."));
        var client = _context.CreateClient();
        var token = await client.BeginScaleAsync("db1", null, 32, CancellationToken.None);

        var result = await client.PollAsync(token, CancellationToken.None);

        Assert.Equal(ArmOperationStatus.Failed("StorageSizeDecreaseNotAllowed", "Storage size cannot be decreased."), result);
    }

    [Fact]
    public async Task ResourceState_FollowsTheServerUntilReady()
    {
        _context.Arm.On(
            "GET",
            Db1,
            ArmAnswer.Json(200, ServerJson.Server("db1", state: "Updating")),
            ArmAnswer.Json(200, ServerJson.Server("db1", state: "Updating")),
            ArmAnswer.Json(200, ServerJson.Server("db1", state: "Ready")));
        var client = _context.CreateClient();
        var token = await client.BeginCreateServerAsync(Definition(), "Pw-123456789!", CancellationToken.None);

        var first = await client.PollAsync(token, CancellationToken.None);
        var second = await client.PollAsync(token, CancellationToken.None);

        Assert.Equal(ArmPollingMode.ResourceState, token.Mode);
        Assert.Equal(ArmOperationStatus.InProgress(TimeSpan.FromSeconds(15)), first);
        Assert.Equal(ArmOperationStatus.Succeeded, second);
    }

    [Fact]
    public async Task AfterARestart_ANewClientContinuesPollingFromTheSavedTokenWithoutStartingAgain()
    {
        _context.Arm.On("PUT", Db1, ArmAnswer.AcceptedAsync(201, OperationPath));
        _context.Arm.On("GET", OperationPath, ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 30), ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 30), ArmAnswer.OperationStatus("Succeeded"));

        // The first host starts the operation, polls once, and keeps only the serialized token (durable history).
        var history = await StartAndPollOnceAsync(_context.CreateClient());

        // A new host: its own credential, transport and client, and the token from history.
        var restartedCredential = new RecordingCredential("token-after-restart");
        var restarted = _context.CreateClient(restartedCredential);
        var token = JsonSerializer.Deserialize(history, AzureJsonContext.Default.ArmOperationToken)!;
        var statuses = new List<ArmOperationState>();
        ArmOperationStatus status;
        do
        {
            status = await restarted.PollAsync(token, CancellationToken.None);
            statuses.Add(status.State);
        }
        while (status.State == ArmOperationState.InProgress);

        Assert.Equal([ArmOperationState.InProgress, ArmOperationState.Succeeded], statuses);
        Assert.Single(_context.Arm.RequestsTo("PUT", Db1));
        Assert.Equal(
            ["Bearer token-for-tests", "Bearer token-after-restart", "Bearer token-after-restart"],
            _context.Arm.RequestsTo("GET", OperationPath).Select(r => r.Authorization));
        Assert.Contains("\"mode\":\"AzureAsyncOperation\"", history, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"CreateServer\"", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenWhosePollingUrlLeavesTheArmEndpoint_IsRefusedWithoutSendingTheBearerToken()
    {
        var token = new ArmOperationToken(
            ArmOperationKind.DeleteServer, Db1, ArmPollingMode.AzureAsyncOperation, new Uri("https://attacker.example/collect"), RecordingTimeProvider.Start);
        var plainHttp = token with { PollingUrl = new Uri($"http://127.0.0.1:{_context.Arm.Endpoint.Port}{OperationPath}") };
        var client = _context.CreateClient();

        await Assert.ThrowsAsync<ArgumentException>(() => client.PollAsync(token, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.PollAsync(plainHttp, CancellationToken.None));

        Assert.Empty(_context.Arm.Requests);
        Assert.Empty(_context.Credential.Scopes);
    }

    [Fact]
    public async Task APollThatArmKeepsAnswering503_ThrowsAfterTheRetries_SoTheCallerPollsAgainLater()
    {
        _context.Arm.On("GET", OperationPath, ArmAnswer.Error(503, "ServiceUnavailable", "Try again."));
        var token = new ArmOperationToken(
            ArmOperationKind.CreateServer, Db1, ArmPollingMode.AzureAsyncOperation, new Uri(_context.Arm.Endpoint, OperationPath), RecordingTimeProvider.Start);

        var error = await Assert.ThrowsAsync<ArmRequestException>(() => _context.CreateClient(maxRetries: 2).PollAsync(token, CancellationToken.None));

        Assert.Equal(503, error.Status);
        Assert.Equal("ServiceUnavailable", error.ErrorCode);
        Assert.Equal(3, _context.Arm.RequestsTo("GET", OperationPath).Count);
        Assert.Equal(2, _context.Time.Waits.Count);
    }

    private static async Task<string> StartAndPollOnceAsync(FlexibleServerClient client)
    {
        var token = await client.BeginCreateServerAsync(Definition(), "Pw-123456789!", CancellationToken.None);
        Assert.Equal(ArmOperationState.InProgress, (await client.PollAsync(token, CancellationToken.None)).State);
        return JsonSerializer.Serialize(token, AzureJsonContext.Default.ArmOperationToken);
    }

    private static FlexibleServerDefinition Definition() => new()
    {
        Name = "db1",
        Location = "westeurope",
        Version = "8.0.21",
        Sku = new FlexibleServerSku("Standard_D2ads_v5", FlexibleServerTier.GeneralPurpose),
        StorageSizeGB = 64,
        AdministratorLogin = "dbadmin",
    };
}
