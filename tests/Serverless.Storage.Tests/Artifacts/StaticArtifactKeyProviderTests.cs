using Serverless.Storage.Artifacts;
using Xunit;

namespace Serverless.Storage.Tests.Artifacts;

public sealed class StaticArtifactKeyProviderTests
{
    [Fact]
    public async Task GetKey_ReturnsACopyOfTheConfiguredKey()
    {
        var key = ArtifactTestContent.Key(3);
        var provider = new StaticArtifactKeyProvider(new Dictionary<string, byte[]> { ["k1"] = key }, currentKeyId: "k1");

        var copy = await provider.GetKeyAsync("k1", CancellationToken.None);
        copy[0] ^= 0xff;

        Assert.Equal(key, await provider.GetKeyAsync("k1", CancellationToken.None));
        Assert.Equal("k1", provider.CurrentKeyId);
    }

    [Fact]
    public async Task UnknownKeyId_FailsWithKeyNotFound()
    {
        var provider = new StaticArtifactKeyProvider(new Dictionary<string, byte[]> { ["k1"] = ArtifactTestContent.Key(3) }, currentKeyId: null);

        var error = await Assert.ThrowsAsync<ArtifactKeyNotFoundException>(async () => await provider.GetKeyAsync("k2", CancellationToken.None));

        Assert.Equal("k2", error.KeyId);
    }

    [Fact]
    public void KeyOfTheWrongLength_IsRefused_WithoutShowingIt()
    {
        var shortKey = ArtifactTestContent.Key(9)[..31];

        var error = Assert.Throws<ArgumentException>(() => new StaticArtifactKeyProvider(new Dictionary<string, byte[]> { ["k1"] = shortKey }, "k1"));

        Assert.Contains("'k1'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(shortKey), error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(shortKey), error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromBase64_AcceptsConfiguredKeys_AndToStringListsOnlyIds()
    {
        var key = ArtifactTestContent.Key(5);
        var base64 = Convert.ToBase64String(key);

        var provider = StaticArtifactKeyProvider.FromBase64(new Dictionary<string, string> { ["2024-01"] = base64 }, "2024-01");

        Assert.Contains("2024-01", provider.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(base64, provider.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => StaticArtifactKeyProvider.FromBase64(new Dictionary<string, string> { ["bad"] = "not base64!" }, null));
    }

    [Fact]
    public void CurrentKeyIdNotAmongTheKeys_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new StaticArtifactKeyProvider(new Dictionary<string, byte[]> { ["k1"] = ArtifactTestContent.Key(1) }, "k2"));
    }
}
