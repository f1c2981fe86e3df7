using Serverless.Platforms.Azure;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>ARM's errors become specific exceptions that carry ARM's code and message, and never the administrator password.</summary>
public sealed class ArmErrorTests : FakeArmTest
{
    private const string Password = "Another-S3cret-Passw0rd";

    [Fact]
    public async Task ABadRequest_ThrowsArmsCodeAndMessage_WithoutThePasswordFromTheBody()
    {
        Context.Arm.On("PUT", Db1, ArmAnswer.Error(400, "InvalidParameterValue", "Invalid value given for parameter StorageSizeGB. Specify a valid parameter value."));

        var error = await Assert.ThrowsAsync<ArmRequestException>(() => Context.CreateClient().BeginCreateServerAsync(Definition(), Password, CancellationToken.None));

        Assert.Equal(400, error.Status);
        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Contains("StorageSizeGB", error.ArmMessage, StringComparison.Ordinal);
        Assert.Contains("Creating Flexible Server 'db1'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
        // The request did carry it, in the body, where ARM needs it.
        Assert.Contains(Password, Context.Arm.RequestsTo("PUT", Db1).Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConflict_ThrowsArmConflictException()
    {
        Context.Arm.On("GET", Db1, ArmAnswer.Json(200, ServerJson.Server("db1", replicationRole: "Replica", sourceServerName: "db0")));
        Context.Arm.On("PATCH", Db1, ArmAnswer.Error(409, "ServerBusy", "Another operation is in progress on server 'db1'."));

        var error = await Assert.ThrowsAsync<ArmConflictException>(() => Context.CreateClient().BeginStopReplicationAsync("db1", CancellationToken.None));

        Assert.Equal("ServerBusy", error.ErrorCode);
        Assert.Equal("Another operation is in progress on server 'db1'.", error.ArmMessage);
    }

    [Theory]
    [InlineData(401, "InvalidAuthenticationToken")]
    [InlineData(403, "AuthorizationFailed")]
    public async Task AuthenticationAndAuthorizationFailures_ThrowArmAuthorizationException(int status, string code)
    {
        Context.Arm.On("POST", Db1 + "/updateConfigurations", ArmAnswer.Error(status, code, "The client does not have authorization to perform action 'Microsoft.DBforMySQL/flexibleServers/updateConfigurations/action'."));

        var error = await Assert.ThrowsAsync<ArmAuthorizationException>(() => Context.CreateClient().BeginUpdateParametersAsync(
            "db1", new Dictionary<string, string> { ["read_only"] = "ON" }, CancellationToken.None));

        Assert.Equal(status, error.Status);
        Assert.Equal(code, error.ErrorCode);
        Assert.Single(Context.Arm.Requests);
    }

    [Fact]
    public async Task AnUnknownParameter_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<ArmResourceNotFoundException>(() => Context.CreateClient().GetParameterAsync("db1", "no_such_parameter", CancellationToken.None));

        Assert.Contains("no_such_parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGatewayErrorWithoutArmBody_ThrowsTheStatusAlone()
    {
        Context.Arm.On("GET", Db1 + "/replicas", new ArmAnswer(502, "<html>Bad Gateway</html>", new Dictionary<string, string>()));

        var error = await Assert.ThrowsAsync<ArmRequestException>(() => Context.CreateClient(maxRetries: 0).ListReplicasAsync("db1", CancellationToken.None));

        Assert.Equal(502, error.Status);
        Assert.Null(error.ErrorCode);
        Assert.Contains("answered 502", error.Message, StringComparison.Ordinal);
    }
}
