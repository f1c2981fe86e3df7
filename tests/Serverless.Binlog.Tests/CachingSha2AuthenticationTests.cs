using Serverless.Binlog.Tests.Fakes;
using Xunit;

namespace Serverless.Binlog.Tests;

/// <summary>
/// caching_sha2_password, the default (and on Azure the only) plugin of MySQL 8 (shared reference §1.5, §1.6), against
/// <see cref="FakeCachingSha2Server"/>, a loopback server that plays MySQL 8's side of the handshake as the
/// reference documents it: MariaDB 10.11 has no server side for this plugin.
/// </summary>
public sealed class CachingSha2AuthenticationTests
{
    private const string Password = "Kettle-Marmalade-917";
    private const string WrongPassword = "Teapot-Marmalade-918";

    [Fact]
    public async Task FastPath_Succeeds_WhenServerHasCachedTheAccount()
    {
        await using var server = new FakeCachingSha2Server(Password, FakeAuthScenario.FastAuth);
        await using var connection = await BinlogClient.ConnectAsync(server.ClientOptions(Password), CancellationToken.None);

        Assert.Equal("caching_sha2_password", connection.AuthenticationPlugin);
        Assert.Equal(FakeCachingSha2Server.ServerVersion, connection.ServerVersion);
        Assert.False(connection.IsEncrypted);
        Assert.Equal(1, server.Logins);
        Assert.False(server.ReceivedClearTextPassword);
        Assert.False(server.ReceivedPublicKeyRequest);
        Assert.Empty(server.Faults);
    }

    [Fact]
    public async Task FullAuth_SendsPasswordInsideTls_WhenTheConnectionIsEncrypted()
    {
        await using var server = new FakeCachingSha2Server(Password, FakeAuthScenario.FullAuth, offerTls: true);
        await using var connection = await BinlogClient.ConnectAsync(server.ClientOptions(Password) with { TlsMode = BinlogTlsMode.Required }, CancellationToken.None);

        Assert.True(connection.IsEncrypted);
        Assert.Equal("caching_sha2_password", connection.AuthenticationPlugin);
        Assert.True(server.ReceivedClearTextPassword);
        Assert.False(server.ReceivedPublicKeyRequest);
        Assert.Equal(1, server.Logins);
        Assert.Empty(server.Faults);
    }

    [Fact]
    public async Task FullAuth_EncryptsPasswordWithRetrievedKey_WhenPublicKeyRetrievalIsAllowed()
    {
        await using var server = new FakeCachingSha2Server(Password, FakeAuthScenario.FullAuth);
        var options = server.ClientOptions(Password) with { AllowPublicKeyRetrieval = true };
        await using var connection = await BinlogClient.ConnectAsync(options, CancellationToken.None);

        Assert.False(connection.IsEncrypted);
        Assert.Equal("caching_sha2_password", connection.AuthenticationPlugin);
        Assert.True(server.ReceivedPublicKeyRequest);
        Assert.True(server.ReceivedEncryptedPassword);
        Assert.False(server.ReceivedClearTextPassword);
        Assert.Equal(1, server.Logins);
        Assert.Empty(server.Faults);
    }

    [Fact]
    public async Task FullAuth_EncryptsPasswordWithConfiguredKey_WithoutAskingTheServerForIt()
    {
        await using var server = new FakeCachingSha2Server(Password, FakeAuthScenario.FullAuth);
        // Retrieval is allowed too, to show that a configured key takes precedence over fetching one.
        var options = server.ClientOptions(Password) with { ServerRsaPublicKeyPem = server.PublicKeyPem, AllowPublicKeyRetrieval = true };
        await using var connection = await BinlogClient.ConnectAsync(options, CancellationToken.None);

        Assert.Equal("caching_sha2_password", connection.AuthenticationPlugin);
        Assert.False(server.ReceivedPublicKeyRequest);
        Assert.True(server.ReceivedEncryptedPassword);
        Assert.False(server.ReceivedClearTextPassword);
        Assert.Equal(1, server.Logins);
        Assert.Empty(server.Faults);
    }

    [Fact]
    public async Task FullAuth_FailsWithAdvice_WhenThereIsNoSafeWayToSendThePassword()
    {
        await using var server = new FakeCachingSha2Server(Password, FakeAuthScenario.FullAuth);

        var failure = await Assert.ThrowsAsync<BinlogAuthenticationException>(() => BinlogClient.ConnectAsync(server.ClientOptions(Password), CancellationToken.None));

        Assert.Contains("TLS", failure.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(BinlogClientOptions.ServerRsaPublicKeyPem), failure.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(BinlogClientOptions.AllowPublicKeyRetrieval), failure.Message, StringComparison.Ordinal);
        await server.DisposeAsync();
        Assert.False(server.ReceivedClearTextPassword);
        Assert.False(server.ReceivedEncryptedPassword);
        Assert.False(server.ReceivedPublicKeyRequest);
        Assert.Equal(0, server.Logins);
        Assert.Empty(server.Faults); // the client hung up; it did not send COM_QUIT into the unfinished exchange
    }

    [Theory]
    [InlineData(FakeAuthScenario.FastAuth, false)]
    [InlineData(FakeAuthScenario.FullAuth, true)]
    [InlineData(FakeAuthScenario.FullAuth, false)]
    [InlineData(FakeAuthScenario.SwitchToNative, false)]
    public async Task WrongPassword_IsRefusedWithAccessDenied(FakeAuthScenario scenario, bool useTls)
    {
        await using var server = new FakeCachingSha2Server(Password, scenario, offerTls: useTls);
        var options = server.ClientOptions(WrongPassword) with
        {
            TlsMode = useTls ? BinlogTlsMode.Required : BinlogTlsMode.Disabled,
            AllowPublicKeyRetrieval = true,
        };

        var failure = await Assert.ThrowsAsync<BinlogServerException>(() => BinlogClient.ConnectAsync(options, CancellationToken.None));

        Assert.Equal(1045, failure.ErrorCode);
        Assert.Equal("28000", failure.SqlState);
        Assert.StartsWith($"Access denied for user '{FakeCachingSha2Server.UserName}'", failure.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(0, server.Logins);
    }

    [Fact]
    public async Task AuthSwitch_ToNativePassword_SucceedsWithTheNewNonce()
    {
        await using var server = new FakeCachingSha2Server(Password, FakeAuthScenario.SwitchToNative);
        await using var connection = await BinlogClient.ConnectAsync(server.ClientOptions(Password), CancellationToken.None);

        Assert.Equal("caching_sha2_password", server.ClientPluginName);
        Assert.Equal("mysql_native_password", connection.AuthenticationPlugin);
        Assert.Equal(1, server.Logins);
        Assert.Empty(server.Faults);
    }

    [Fact]
    public async Task AuthSwitch_ToEd25519_FailsNamingThePlugin()
    {
        await using var server = new FakeCachingSha2Server(Password, FakeAuthScenario.SwitchToUnsupported);

        var failure = await Assert.ThrowsAsync<BinlogAuthenticationException>(() => BinlogClient.ConnectAsync(server.ClientOptions(Password), CancellationToken.None));

        Assert.Contains("'client_ed25519'", failure.Message, StringComparison.Ordinal);
        Assert.Contains(FakeCachingSha2Server.UserName, failure.Message, StringComparison.Ordinal);
        await server.DisposeAsync();
        Assert.Equal(0, server.Logins);
        Assert.Empty(server.Faults); // the client hung up; it did not send COM_QUIT into the unfinished exchange
    }

    [Theory]
    [InlineData(FakeAuthScenario.FastAuth, false, true)]
    [InlineData(FakeAuthScenario.FullAuth, true, true)]
    [InlineData(FakeAuthScenario.FullAuth, false, true)]
    [InlineData(FakeAuthScenario.FullAuth, false, false)]
    [InlineData(FakeAuthScenario.SwitchToNative, false, true)]
    [InlineData(FakeAuthScenario.SwitchToUnsupported, false, true)]
    public async Task FailedLogin_NeverPutsThePasswordInTheException(FakeAuthScenario scenario, bool useTls, bool allowPublicKeyRetrieval)
    {
        await using var server = new FakeCachingSha2Server(Password, scenario, offerTls: useTls);
        var options = server.ClientOptions(WrongPassword) with
        {
            TlsMode = useTls ? BinlogTlsMode.Required : BinlogTlsMode.Disabled,
            AllowPublicKeyRetrieval = allowPublicKeyRetrieval,
        };

        var failure = await Record.ExceptionAsync(() => BinlogClient.ConnectAsync(options, CancellationToken.None));

        Assert.IsAssignableFrom<BinlogException>(failure);
        for (var exception = failure; exception is not null; exception = exception.InnerException)
        {
            Assert.DoesNotContain(WrongPassword, exception.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(WrongPassword, failure.ToString(), StringComparison.Ordinal);
    }
}
