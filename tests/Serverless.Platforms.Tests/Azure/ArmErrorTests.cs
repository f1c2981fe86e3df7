using Serverless.Platforms.Azure;
using Xunit;

namespace Serverless.Platforms.Tests.Azure;

/// <summary>ARM's errors become specific exceptions that carry ARM's code and message, and never the administrator password.</summary>
public sealed class ArmErrorTests : IAsyncLifetime
{
    private const string Password = "Another-S3cret-Passw0rd";
    private ArmTestContext _context = null!;

    private static string Db1 => ArmTestContext.ServerPath("db1");

    public async Task InitializeAsync() => _context = await ArmTestContext.StartAsync();

    public async Task DisposeAsync() => await _context.DisposeAsync();

    [Fact]
    public async Task ABadRequest_ThrowsArmsCodeAndMessage_WithoutThePasswordFromTheBody()
    {
        _context.Arm.On("PUT", Db1, ArmAnswer.Error(400, "InvalidParameterValue", "Invalid value given for parameter StorageSizeGB. Specify a valid parameter value."));

        var error = await Assert.ThrowsAsync<ArmRequestException>(() => _context.CreateClient().BeginCreateServerAsync(Definition(), Password, CancellationToken.None));

        Assert.Equal(400, error.Status);
        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Contains("StorageSizeGB", error.ArmMessage, StringComparison.Ordinal);
        Assert.Contains("Creating Flexible Server 'db1'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
        // The request did carry it, in the body, where ARM needs it.
        Assert.Contains(Password, _context.Arm.RequestsTo("PUT", Db1).Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AConflict_ThrowsArmConflictException()
    {
        _context.Arm.On("GET", Db1, ArmAnswer.Json(200, ServerJson.Server("db1", replicationRole: "Replica", sourceServerName: "db0")));
        _context.Arm.On("PATCH", Db1, ArmAnswer.Error(409, "ServerBusy", "Another operation is in progress on server 'db1'."));

        var error = await Assert.ThrowsAsync<ArmConflictException>(() => _context.CreateClient().BeginStopReplicationAsync("db1", CancellationToken.None));

        Assert.Equal("ServerBusy", error.ErrorCode);
        Assert.Equal("Another operation is in progress on server 'db1'.", error.ArmMessage);
    }

    [Theory]
    [InlineData(401, "InvalidAuthenticationToken")]
    [InlineData(403, "AuthorizationFailed")]
    public async Task AuthenticationAndAuthorizationFailures_ThrowArmAuthorizationException(int status, string code)
    {
        _context.Arm.On("POST", Db1 + "/updateConfigurations", ArmAnswer.Error(status, code, "The client does not have authorization to perform action 'Microsoft.DBforMySQL/flexibleServers/updateConfigurations/action'."));

        var error = await Assert.ThrowsAsync<ArmAuthorizationException>(() => _context.CreateClient().BeginUpdateParametersAsync(
            "db1", new Dictionary<string, string> { ["read_only"] = "ON" }, CancellationToken.None));

        Assert.Equal(status, error.Status);
        Assert.Equal(code, error.ErrorCode);
        Assert.Single(_context.Arm.Requests);
    }

    [Fact]
    public async Task AnUnknownParameter_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<ArmResourceNotFoundException>(() => _context.CreateClient().GetParameterAsync("db1", "no_such_parameter", CancellationToken.None));

        Assert.Contains("no_such_parameter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGatewayErrorWithoutArmBody_ThrowsTheStatusAlone()
    {
        _context.Arm.On("GET", Db1 + "/replicas", new ArmAnswer(502, "<html>Bad Gateway</html>", new Dictionary<string, string>()));

        var error = await Assert.ThrowsAsync<ArmRequestException>(() => _context.CreateClient(maxRetries: 0).ListReplicasAsync("db1", CancellationToken.None));

        Assert.Equal(502, error.Status);
        Assert.Null(error.ErrorCode);
        Assert.Contains("answered 502", error.Message, StringComparison.Ordinal);
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
