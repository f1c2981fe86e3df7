using Serverless.Platforms.Azure;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// One fake ARM and a way to make clients against it. The fake ARM is cheap (one Kestrel listener), so each test
/// starts its own and its script and recorded requests belong to that test alone.
/// </summary>
internal sealed class ArmTestContext : IAsyncDisposable
{
    public const string SubscriptionId = "6f1c2a9e-0b7d-4c1e-9a55-2f0d3e4b5c6d";
    public const string ResourceGroup = "rg-dbaas";
    public const string Audience = "https://management.azure.com/";

    private ArmTestContext(FakeArmServer arm) => Arm = arm;

    public FakeArmServer Arm { get; }

    public RecordingTimeProvider Time { get; } = new();

    public RecordingCredential Credential { get; } = new("token-for-tests");

    public static string ServerPath(string name) =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.DBforMySQL/flexibleServers/{name}";

    public static async Task<ArmTestContext> StartAsync() => new(await FakeArmServer.StartAsync());

    /// <summary>A new client, as a new process would make one: its own credential, transport and pipeline.</summary>
    public FlexibleServerClient CreateClient(RecordingCredential? credential = null, int maxRetries = 4, TimeSpan? maxRetryWait = null) =>
        new(credential ?? Credential, new FlexibleServerClientOptions
        {
            SubscriptionId = SubscriptionId,
            ResourceGroup = ResourceGroup,
            ResourceManagerEndpoint = Arm.Endpoint,
            Audience = Audience,
            Transport = Arm.CreateTransport(),
            TimeProvider = Time,
            MaxRetries = maxRetries,
            MaxRetryWait = maxRetryWait ?? TimeSpan.FromSeconds(30),
            RetryBaseDelay = TimeSpan.FromSeconds(1),
            DefaultPollInterval = TimeSpan.FromSeconds(15),
        });

    public ValueTask DisposeAsync() => Arm.DisposeAsync();
}
