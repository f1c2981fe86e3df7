using Serverless.Platforms.Azure;
using Xunit;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>A test class with its own fake ARM per test (started before, stopped after each one).</summary>
public abstract class FakeArmTest : IAsyncLifetime
{
    private ArmTestContext? _context;

    /// <summary>The path of the server most tests use.</summary>
    protected static string Db1 => ArmTestContext.ServerPath("db1");

    internal ArmTestContext Context => _context ?? throw new InvalidOperationException("The fake ARM has not started.");

    public async Task InitializeAsync() => _context = await ArmTestContext.StartAsync();

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    /// <summary>A general purpose server of 64 GiB in westeurope.</summary>
    protected static FlexibleServerDefinition Definition(string name = "db1") => new()
    {
        Name = name,
        Location = "westeurope",
        Version = "8.0.21",
        Sku = new FlexibleServerSku("Standard_D2ads_v5", FlexibleServerTier.GeneralPurpose),
        StorageSizeGB = 64,
        AdministratorLogin = "dbadmin",
        Tags = new Dictionary<string, string> { ["serverless-server-id"] = name },
    };
}
