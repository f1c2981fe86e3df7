namespace Serverless.Platforms.Azure.Tests;

/// <summary>Flexible Server resources as ARM (api-version 2024-12-30) returns them.</summary>
internal static class ServerJson
{
    public static object Server(
        string name,
        string state = "Ready",
        string replicationRole = "None",
        string? sourceServerName = null,
        string skuName = "Standard_D2ads_v5",
        string tier = "GeneralPurpose",
        string location = "westeurope",
        IReadOnlyDictionary<string, string>? tags = null,
        int storageSizeGB = 64) =>
        new
        {
            id = ArmTestContext.ServerPath(name),
            name,
            type = "Microsoft.DBforMySQL/flexibleServers",
            location,
            tags = tags ?? new Dictionary<string, string> { ["serverless-server-id"] = name },
            sku = new { name = skuName, tier },
            properties = new
            {
                administratorLogin = "dbadmin",
                version = "8.0.21",
                state,
                fullyQualifiedDomainName = $"{name}.mysql.database.azure.com",
                storage = new { storageSizeGB, autoGrow = "Enabled", storageSku = "Premium_LRS" },
                backup = new { backupRetentionDays = 7, geoRedundantBackup = "Disabled" },
                highAvailability = new { mode = "Disabled", state = "NotEnabled" },
                network = new { publicNetworkAccess = "Enabled" },
                replicationRole,
                replicaCapacity = replicationRole == "Replica" ? 0 : 10,
                sourceServerResourceId = sourceServerName is null ? null : ArmTestContext.ServerPath(sourceServerName),
            },
        };
}
