using System.Text.Json;
using Serverless.Platforms.Azure;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>Long-running operations: polled one step at a time, resumable from their token in a new client.</summary>
public sealed class ArmOperationPollingTests : FakeArmTest
{
    private const string OperationPath = "/subscriptions/x/providers/Microsoft.DBforMySQL/locations/westeurope/azureAsyncOperation/op-42";

    [Fact]
    public async Task AzureAsyncOperation_ReportsInProgressWithArmsRetryAfterUntilSucceeded()
    {
        Context.Arm.On("PUT", Db1, ArmAnswer.AcceptedAsync(201, OperationPath));
        Context.Arm.On(
            "GET",
            OperationPath,
            ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 7),
            ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 7),
            ArmAnswer.OperationStatus("InProgress"),
            ArmAnswer.OperationStatus("Succeeded"));
        var client = Context.CreateClient();
        var token = await client.BeginCreateServerAsync(Definition(), "Pw-123456789!", CancellationToken.None);

        var statuses = new List<ArmOperationStatus>();
        for (var poll = 0; poll < 4; poll++)
        {
            statuses.Add(await client.PollAsync(token, CancellationToken.None));
        }

        Assert.Equal(
            [ArmOperationStatus.InProgress(TimeSpan.FromSeconds(7)), ArmOperationStatus.InProgress(TimeSpan.FromSeconds(7)), ArmOperationStatus.InProgress(TimeSpan.FromSeconds(15)), ArmOperationStatus.Succeeded],
            statuses);
        var polls = Context.Arm.RequestsTo("GET", OperationPath);
        Assert.Equal(4, polls.Count);
        Assert.All(polls, poll => Assert.Equal("Bearer token-for-tests", poll.Authorization));
        // Polling is the caller's loop (a durable timer between polls), not a wait inside the client.
        Assert.Empty(Context.Time.Waits);
    }

    [Theory]
    [InlineData("Failed", "InternalServerError", "The server could not be provisioned in the zone.", "InternalServerError")]
    [InlineData("Canceled", null, null, "Canceled")]
    public async Task AzureAsyncOperation_ThatFailsOrIsCanceled_ReportsArmsErrorCodeAndMessage(string status, string? code, string? message, string expectedCode)
    {
        Context.Arm.On("PUT", Db1, ArmAnswer.AcceptedAsync(201, OperationPath));
        Context.Arm.On("GET", OperationPath, ArmAnswer.OperationStatus(status, errorCode: code, errorMessage: message));
        var client = Context.CreateClient();
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
        Context.Arm.On("GET", replica, ArmAnswer.Json(200, ServerJson.Server("db1-r1", replicationRole: "Replica", sourceServerName: "db1")));
        Context.Arm.On("PATCH", replica, ArmAnswer.Empty(202, ("Location", "{endpoint}/ops/stop"), ("Retry-After", "20")));
        Context.Arm.On("GET", "/ops/stop", ArmAnswer.Empty(202, ("Retry-After", "10")), ArmAnswer.Empty(204));
        var client = Context.CreateClient();
        var token = await client.BeginStopReplicationAsync("db1-r1", CancellationToken.None);

        var first = await client.PollAsync(token, CancellationToken.None);
        var second = await client.PollAsync(token, CancellationToken.None);

        Assert.Equal(ArmOperationStatus.InProgress(TimeSpan.FromSeconds(10)), first);
        Assert.Equal(ArmOperationStatus.Succeeded, second);
    }

    [Fact]
    public async Task Location_AnsweringAClientError_ReportsTheOperationFailedWithArmsError()
    {
        Context.Arm.On("PATCH", Db1, ArmAnswer.Empty(202, ("Location", "{endpoint}/ops/scale")));
        Context.Arm.On("GET", "/ops/scale", ArmAnswer.Error(400, "StorageSizeDecreaseNotAllowed", "Storage size cannot be decreased."));
        var client = Context.CreateClient();
        var token = await client.BeginScaleAsync("db1", null, 32, CancellationToken.None);

        var result = await client.PollAsync(token, CancellationToken.None);

        Assert.Equal(ArmOperationStatus.Failed("StorageSizeDecreaseNotAllowed", "Storage size cannot be decreased."), result);
    }

    [Fact]
    public async Task ResourceState_FollowsTheServerUntilReady()
    {
        Context.Arm.On(
            "GET",
            Db1,
            ArmAnswer.Json(200, ServerJson.Server("db1", state: "Updating")),
            ArmAnswer.Json(200, ServerJson.Server("db1", state: "Updating")),
            ArmAnswer.Json(200, ServerJson.Server("db1", state: "Ready")));
        var client = Context.CreateClient();
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
        Context.Arm.On("PUT", Db1, ArmAnswer.AcceptedAsync(201, OperationPath));
        Context.Arm.On("GET", OperationPath, ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 30), ArmAnswer.OperationStatus("InProgress", retryAfterSeconds: 30), ArmAnswer.OperationStatus("Succeeded"));

        // The first host starts the operation, polls once, and keeps only the serialized token (durable history).
        var history = await StartAndPollOnceAsync(Context.CreateClient());

        // A new host: its own credential, transport and client, and the token from history.
        var restartedCredential = new RecordingCredential("token-after-restart");
        var restarted = Context.CreateClient(restartedCredential);
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
        Assert.Single(Context.Arm.RequestsTo("PUT", Db1));
        Assert.Equal(
            ["Bearer token-for-tests", "Bearer token-after-restart", "Bearer token-after-restart"],
            Context.Arm.RequestsTo("GET", OperationPath).Select(r => r.Authorization));
        Assert.Contains("\"mode\":\"AzureAsyncOperation\"", history, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"CreateServer\"", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenWhosePollingUrlLeavesTheArmEndpoint_IsRefusedWithoutSendingTheBearerToken()
    {
        var token = new ArmOperationToken(
            ArmOperationKind.DeleteServer, Db1, ArmPollingMode.AzureAsyncOperation, new Uri("https://attacker.example/collect"), RecordingTimeProvider.Start);
        var plainHttp = token with { PollingUrl = new Uri($"http://127.0.0.1:{Context.Arm.Endpoint.Port}{OperationPath}") };
        var client = Context.CreateClient();

        await Assert.ThrowsAsync<ArgumentException>(() => client.PollAsync(token, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => client.PollAsync(plainHttp, CancellationToken.None));

        Assert.Empty(Context.Arm.Requests);
        Assert.Empty(Context.Credential.Scopes);
    }

    [Fact]
    public async Task APollThatArmKeepsAnswering503_ThrowsAfterTheRetries_SoTheCallerPollsAgainLater()
    {
        Context.Arm.On("GET", OperationPath, ArmAnswer.Error(503, "ServiceUnavailable", "Try again."));
        var token = new ArmOperationToken(
            ArmOperationKind.CreateServer, Db1, ArmPollingMode.AzureAsyncOperation, new Uri(Context.Arm.Endpoint, OperationPath), RecordingTimeProvider.Start);

        var error = await Assert.ThrowsAsync<ArmRequestException>(() => Context.CreateClient(maxRetries: 2).PollAsync(token, CancellationToken.None));

        Assert.Equal(503, error.Status);
        Assert.Equal("ServiceUnavailable", error.ErrorCode);
        Assert.Equal(3, Context.Arm.RequestsTo("GET", OperationPath).Count);
        Assert.Equal(2, Context.Time.Waits.Count);
    }

    private static async Task<string> StartAndPollOnceAsync(FlexibleServerClient client)
    {
        var token = await client.BeginCreateServerAsync(Definition(), "Pw-123456789!", CancellationToken.None);
        Assert.Equal(ArmOperationState.InProgress, (await client.PollAsync(token, CancellationToken.None)).State);
        return JsonSerializer.Serialize(token, AzureJsonContext.Default.ArmOperationToken);
    }
}
