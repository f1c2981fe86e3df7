using Serverless.Platforms.Azure;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>A fake ARM per test, and Azure platforms over it that share one secret store (as hosts share Key Vault).</summary>
public abstract class AzurePlatformTest : FakeArmTest
{
    protected const string InstanceId = "inst-1";

    internal MemorySecretStore Secrets { get; } = new();

    /// <summary>The Flexible Server name of <paramref name="serverId"/> in the test's resource group.</summary>
    protected static string NameOf(string serverId) => AzureServerNames.For(ArmTestContext.ResourceGroup, serverId);

    /// <summary>The ARM path of the server of <paramref name="serverId"/>.</summary>
    protected static string PathOf(string serverId) => ArmTestContext.ServerPath(NameOf(serverId));

    /// <summary>A server of <paramref name="serverId"/> as ARM reports it, tagged as the platform tags its servers.</summary>
    protected static object TaggedServer(string serverId, string state = "Ready", string replicationRole = "None", string? sourceServerId = null, string tier = "GeneralPurpose", string skuName = "Standard_D2ads_v5") =>
        ServerJson.Server(
            NameOf(serverId),
            state,
            replicationRole,
            sourceServerId is null ? null : NameOf(sourceServerId),
            skuName,
            tier,
            tags: new Dictionary<string, string> { [AzureServerTags.ServerId] = serverId, [AzureServerTags.AdminSecretId] = serverId + "-admin" });

    /// <summary>A new platform, as a new host process would make one: its own ARM client, credential and transport.</summary>
    internal AzureDatabasePlatform CreatePlatform(RecordingCredential? credential = null, TimeSpan? maxRetryWait = null) =>
        new(Context.CreateClient(credential, maxRetryWait: maxRetryWait), Secrets, new AzureDatabasePlatformOptions
        {
            Location = "westeurope",
            Version = "8.0.21",
            AdministratorLogin = "dbadmin",
            BinlogExpireSeconds = 259200,
            BinlogRowImage = "FULL",
            SqlConnectTimeout = TimeSpan.FromSeconds(2),
            TimeProvider = Context.Time,
        });

    protected static ServerSpec Spec(string serverId = InstanceId, FlavorSpec? flavor = null, int volume = 10) =>
        new(serverId, 1, flavor ?? new FlavorSpec(2, 8192, 400), volume, ReadOnly: false, serverId + "-admin");
}
