using Serverless.Platforms.Local.Secrets;
using Xunit;

namespace Serverless.Platforms.Tests.Instances;

public sealed class LocalSecretStoreTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "serverless-secret-tests", Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task Create_KeepsTheFirstValue_InAFileOnlyItsOwnerCanRead()
    {
        var store = new LocalSecretStore(directory);

        var first = await store.CreateAsync("db-admin", "first", CancellationToken.None);
        var second = await store.CreateAsync("db-admin", "second", CancellationToken.None);

        Assert.Equal("first", first);
        Assert.Equal("first", second);
        Assert.Equal("first", await new LocalSecretStore(directory).GetAsync("db-admin", CancellationToken.None));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.PathOf("db-admin")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(directory));
    }

    [Fact]
    public async Task Delete_RemovesTheSecret_AndAMissingOneIsFine()
    {
        var store = new LocalSecretStore(directory);
        await store.CreateAsync("gone", "value", CancellationToken.None);

        await store.DeleteAsync("gone", CancellationToken.None);
        await store.DeleteAsync("gone", CancellationToken.None);
        await store.DeleteAsync("never-there", CancellationToken.None);

        Assert.Null(await store.GetAsync("gone", CancellationToken.None));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("")]
    public async Task Ids_ThatAreNotPlainFileNames_AreRefused(string secretId)
    {
        var store = new LocalSecretStore(directory);

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(secretId, "value", CancellationToken.None));
    }

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
