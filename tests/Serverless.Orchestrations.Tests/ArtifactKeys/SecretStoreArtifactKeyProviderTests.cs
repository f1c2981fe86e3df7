using System.Security.Cryptography;
using Serverless.Orchestrations.ArtifactKeys;
using Serverless.Platforms.Local.Secrets;
using Serverless.Storage.Artifacts;
using Xunit;

namespace Serverless.Orchestrations.Tests.ArtifactKeys;

/// <summary>The artifact key provider over the local secret store (the files the local host keeps its secrets in).</summary>
public sealed class SecretStoreArtifactKeyProviderTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "serverless-artifact-keys-tests", Guid.NewGuid().ToString("N")[..12]);

    private LocalSecretStore Secrets => new(_directory);

    [Fact]
    public async Task TheCurrentKey_IsGeneratedAtFirstUse_KeptInTheSecretStore_AndTheSameForTheNextProcess()
    {
        var first = new SecretStoreArtifactKeyProvider(Secrets, new ArtifactKeyOptions { CurrentKeyId = "local-1" });

        await first.EnsureCurrentKeyAsync(CancellationToken.None);
        var key = await first.GetKeyAsync("local-1", CancellationToken.None);
        var stored = await Secrets.GetAsync("artifact-key-local-1", CancellationToken.None);

        Assert.Equal(StaticArtifactKeyProvider.KeyBytes, key.Length);
        Assert.Equal(Convert.ToBase64String(key), stored);
        var restarted = new SecretStoreArtifactKeyProvider(Secrets, new ArtifactKeyOptions { CurrentKeyId = "local-1" });
        Assert.Equal(key, await restarted.GetKeyAsync("local-1", CancellationToken.None));
        Assert.Equal("local-1", restarted.CurrentKeyId);
        Assert.DoesNotContain(stored!, restarted.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterAKeyChange_TheOldKeyIsReadByItsId_AndOnlyTheCurrentOneIsEverGenerated()
    {
        var before = new SecretStoreArtifactKeyProvider(Secrets, new ArtifactKeyOptions { CurrentKeyId = "k1" });
        var oldKey = await before.GetKeyAsync("k1", CancellationToken.None);

        var after = new SecretStoreArtifactKeyProvider(Secrets, new ArtifactKeyOptions { CurrentKeyId = "k2" });
        var newKey = await after.GetKeyAsync("k2", CancellationToken.None);

        Assert.Equal(oldKey, await after.GetKeyAsync("k1", CancellationToken.None));
        Assert.NotEqual(oldKey, newKey);
        var unknown = await Assert.ThrowsAsync<ArtifactKeyNotFoundException>(async () => await after.GetKeyAsync("k3", CancellationToken.None));
        Assert.Equal("k3", unknown.KeyId);
        Assert.Contains("'artifact-key-k3'", unknown.Message, StringComparison.Ordinal);
        Assert.Null(await Secrets.GetAsync("artifact-key-k3", CancellationToken.None));
    }

    [Fact]
    public async Task WhereKeysMayNotBeGenerated_AMissingCurrentKey_FailsNamingItsIdAndSecret()
    {
        var azureLike = new SecretStoreArtifactKeyProvider(Secrets, new ArtifactKeyOptions { CurrentKeyId = "k1", CreateMissingCurrentKey = false });

        var missing = await Assert.ThrowsAsync<ArtifactKeyNotFoundException>(() => azureLike.EnsureCurrentKeyAsync(CancellationToken.None));

        Assert.Contains("'k1'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("'artifact-key-k1'", missing.Message, StringComparison.Ordinal);
        Assert.Null(await Secrets.GetAsync("artifact-key-k1", CancellationToken.None));

        var key = RandomNumberGenerator.GetBytes(32);
        await Secrets.CreateAsync("artifact-key-k1", Convert.ToBase64String(key), CancellationToken.None);
        Assert.Equal(key, await azureLike.GetKeyAsync("k1", CancellationToken.None));
    }

    [Fact]
    public async Task ASecretThatIsNoKey_AndAnIdNoSecretCanHold_AreRefusedWithoutEchoingTheSecret()
    {
        const string NotAKey = "c2hvcnQtYnV0LXNlY3JldA==";
        await Secrets.CreateAsync("artifact-key-bad", NotAKey, CancellationToken.None);
        var provider = new SecretStoreArtifactKeyProvider(Secrets, new ArtifactKeyOptions());

        var malformed = await Assert.ThrowsAsync<InvalidDataException>(async () => await provider.GetKeyAsync("bad", CancellationToken.None));
        var foreign = await Assert.ThrowsAsync<ArtifactKeyNotFoundException>(async () => await provider.GetKeyAsync("../escape", CancellationToken.None));

        Assert.Contains("'artifact-key-bad'", malformed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(NotAKey, malformed.Message, StringComparison.Ordinal);
        Assert.Contains("'../escape'", foreign.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ArtifactKeyOptions { CurrentKeyId = "bad/id" });
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
