using Serverless.Platforms.Azure;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>429 and Retry-After: waited in process when short, handed to the caller when long; waits measured on the clock, not slept.</summary>
public sealed class ArmThrottlingTests : FakeArmTest
{

    [Fact]
    public async Task A429WithRetryAfter_IsRetriedAfterExactlyTheWaitArmAskedFor()
    {
        var throttled = ArmAnswer.Error(429, "TooManyRequests", "Subscription write limit reached.", ("Retry-After", "3"));
        Context.Arm.On("POST", Db1 + "/restart", throttled, throttled, ArmAnswer.AcceptedAsync(202, "/ops/restart"));

        var token = await Context.CreateClient().BeginRestartServerAsync("db1", CancellationToken.None);

        Assert.Equal(ArmPollingMode.AzureAsyncOperation, token.Mode);
        Assert.Equal(3, Context.Arm.RequestsTo("POST", Db1 + "/restart").Count);
        Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)], Context.Time.Waits);
    }

    [Fact]
    public async Task RetryAfterInMilliseconds_IsHonouredToo()
    {
        Context.Arm.On(
            "GET",
            Db1,
            ArmAnswer.Error(429, "TooManyRequests", "Slow down.", ("retry-after-ms", "1500")),
            ArmAnswer.Json(200, ServerJson.Server("db1")));

        var server = await Context.CreateClient().GetServerAsync("db1", CancellationToken.None);

        Assert.NotNull(server);
        Assert.Equal([TimeSpan.FromMilliseconds(1500)], Context.Time.Waits);
    }

    [Fact]
    public async Task A429AskingForALongerWaitThanTheClientSitsOut_ThrowsThrottledWithArmsRetryAfter()
    {
        Context.Arm.On("POST", Db1 + "/restart", ArmAnswer.Error(429, "TooManyRequests", "Subscription write limit reached.", ("Retry-After", "120")));

        var error = await Assert.ThrowsAsync<ArmThrottledException>(() => Context.CreateClient().BeginRestartServerAsync("db1", CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Equal("TooManyRequests", error.ErrorCode);
        Assert.Single(Context.Arm.RequestsTo("POST", Db1 + "/restart"));
        Assert.Empty(Context.Time.Waits);
    }

    [Fact]
    public async Task ThrottledPolls_AreRetriedAfterRetryAfterAndThenReportTheOperation()
    {
        const string operation = "/ops/op-7";
        Context.Arm.On("GET", operation, ArmAnswer.Error(429, "TooManyRequests", "Read limit reached.", ("Retry-After", "4")), ArmAnswer.OperationStatus("Succeeded"));
        var token = new ArmOperationToken(
            ArmOperationKind.DeleteServer, Db1, ArmPollingMode.AzureAsyncOperation, new Uri(Context.Arm.Endpoint, operation), RecordingTimeProvider.Start);

        var status = await Context.CreateClient().PollAsync(token, CancellationToken.None);

        Assert.Equal(ArmOperationStatus.Succeeded, status);
        Assert.Equal([TimeSpan.FromSeconds(4)], Context.Time.Waits);
    }

    [Fact]
    public async Task ServerErrorsWithoutRetryAfter_BackOffExponentiallyUpToTheLimit_ThenThrowArmsError()
    {
        Context.Arm.On("GET", Db1, ArmAnswer.Error(500, "InternalServerError", "Something broke."));

        var error = await Assert.ThrowsAsync<ArmRequestException>(() => Context.CreateClient(maxRetries: 4).GetServerAsync("db1", CancellationToken.None));

        Assert.Equal(500, error.Status);
        Assert.Equal(5, Context.Arm.RequestsTo("GET", Db1).Count);
        var waits = Context.Time.Waits;
        Assert.Equal(4, waits.Count);
        // 1 s, 2 s, 4 s, 8 s, each within ±20 % jitter.
        for (var i = 0; i < waits.Count; i++)
        {
            var expected = Math.Pow(2, i);
            Assert.InRange(waits[i].TotalSeconds, expected * 0.8, expected * 1.2);
        }
    }
}
