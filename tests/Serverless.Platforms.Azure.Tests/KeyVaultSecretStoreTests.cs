using Azure.Security.KeyVault.Secrets;
using Serverless.Platforms.Azure;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>The secret store over Key Vault, against a fake vault on https loopback: request shapes, names, bearer auth.</summary>
public sealed class KeyVaultSecretStoreTests : IAsyncLifetime
{
    private FakeKeyVault _vault = null!;
    private RecordingCredential _credential = null!;

    public async Task InitializeAsync()
    {
        _vault = await FakeKeyVault.StartAsync();
        _credential = new RecordingCredential(FakeKeyVault.ExpectedToken);
    }

    public async Task DisposeAsync() => await _vault.DisposeAsync();

    [Fact]
    public async Task CreateGetDelete_KeepTheFirstValue_AndSendTheBearerTokenAfterKeyVaultsChallenge()
    {
        var store = CreateStore();

        var created = await store.CreateAsync("inst-1-admin", "first-Passw0rd", CancellationToken.None);
        var again = await store.CreateAsync("inst-1-admin", "second-Passw0rd", CancellationToken.None);
        var read = await store.GetAsync("inst-1-admin", CancellationToken.None);
        await store.DeleteAsync("inst-1-admin", CancellationToken.None);
        var gone = await store.GetAsync("inst-1-admin", CancellationToken.None);
        await store.DeleteAsync("inst-1-admin", CancellationToken.None);

        Assert.Equal("first-Passw0rd", created);
        Assert.Equal("first-Passw0rd", again);
        Assert.Equal("first-Passw0rd", read);
        Assert.Null(gone);
        var puts = _vault.Requests.Where(request => request.Method == "PUT" && request.Authorization.Length > 0).ToList();
        Assert.Equal("/secrets/inst--1--admin", Assert.Single(puts).Path);
        Assert.Equal("first-Passw0rd", puts[0].Json().GetProperty("value").GetString());
        Assert.All(_vault.Requests, request => Assert.True(request.Query.ContainsKey("api-version")));
        Assert.All(_vault.Requests.Where(request => request.Authorization.Length > 0), request => Assert.Equal($"Bearer {FakeKeyVault.ExpectedToken}", request.Authorization));
        Assert.Contains("https://vault.azure.net/.default", _credential.Scopes);
    }

    [Theory]
    [InlineData("inst-1-admin", "inst--1--admin")]
    [InlineData("Inst_1.user-0", "-inst-01-1user--0")]
    [InlineData("abc", "abc")]
    public void SecretIds_MapOntoDistinctValidKeyVaultNames(string secretId, string expected) =>
        Assert.Equal(expected, KeyVaultSecretNames.For(secretId));

    [Fact]
    public void LongIds_StayWithinKeyVaultsLimit_AndDistinct()
    {
        var a = KeyVaultSecretNames.For(new string('A', 100) + "a");
        var b = KeyVaultSecretNames.For(new string('A', 100) + "b");

        Assert.Matches("^[0-9a-z-]{1,127}$", a);
        Assert.NotEqual(a, b);
        Assert.NotEqual(KeyVaultSecretNames.For("a-b"), KeyVaultSecretNames.For("a_b"));
        Assert.NotEqual(KeyVaultSecretNames.For("Ab"), KeyVaultSecretNames.For("ab"));
    }

    private KeyVaultSecretStore CreateStore()
    {
        var options = new SecretClientOptions { Transport = _vault.CreateTransport(), DisableChallengeResourceVerification = true };
        options.Retry.MaxRetries = 0;
        return new KeyVaultSecretStore(new SecretClient(_vault.Endpoint, _credential, options));
    }
}
