using Serverless.Platforms.Local;
using Serverless.Testing;
using Xunit;

namespace Serverless.Platforms.Tests.Local;

public sealed class MariaDbServerFixtureSubclassTests(MariaDbServerFixtureSubclassTests.ReadOnlyServerFixture fixture)
    : IClassFixture<MariaDbServerFixtureSubclassTests.ReadOnlyServerFixture>
{
    [Fact]
    public async Task ConfigureOptions_AppliesSettingsOfTheSubclass()
    {
        var row = await MariaDbCommandLine.QueryAsync(fixture.Server, "SELECT @@server_id, @@read_only", verifiedTls: true);

        Assert.Equal("7\t1", row);
        Assert.Equal(nameof(ReadOnlyServerFixture), fixture.Server.Options.Name);
    }

    /// <summary>The way a test class adds settings to the shared fixture.</summary>
    public sealed class ReadOnlyServerFixture : MariaDbServerFixture
    {
        protected override MariaDbServerOptions ConfigureOptions(MariaDbServerOptions options) =>
            options with { ServerId = 7, ExtraSettings = new Dictionary<string, string> { ["read_only"] = "ON" } };
    }
}
