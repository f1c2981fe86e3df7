using System.Collections.Concurrent;
using System.Text.Json;
using Serverless.Testing;
using Serverless.Testing.Hostile;

namespace Serverless.Api.Tests;

/// <summary>
/// Two projects of their own for the hostile-input and tenant-isolation tests: one holding one of each resource (an
/// ACTIVE instance with a user and a database, a completed backup, a schedule, a configuration group, the operations
/// that made them), the other holding nothing. Made once per host and shared, since the instance and backup are slow.
/// </summary>
internal static class TenantResources
{
    public const string Owner = "tenant-owner";
    public const string OwnerToken = "token-tenant-owner-9b1f";
    public const string Intruder = "tenant-intruder";
    public const string IntruderToken = "token-tenant-intruder-51c3";
    public const string InstanceName = "tenant-orders-db";
    public const string UserName = "tenant_app";
    public const string DatabaseName = "tenant_sales";
    public const string BackupName = "tenant-nightly";
    public const string ScheduleName = "tenant-schedule";
    public const string ConfigurationName = "tenant-config";
    public const string UserPassword = "Tenant-User-Secret-4471";

    private static readonly ConcurrentDictionary<ApiHost, Lazy<Task<HostileTargets>>> Made = new();

    public static Task<HostileTargets> GetAsync(ApiHost host) => Made.GetOrAdd(host, h => new Lazy<Task<HostileTargets>>(() => MakeAsync(h))).Value;

    /// <summary>The names the owner gave its resources, which another project must never see.</summary>
    public static IReadOnlyList<string> Names => [InstanceName, UserName, DatabaseName, BackupName, ScheduleName, ConfigurationName];

    private static async Task<HostileTargets> MakeAsync(ApiHost host)
    {
        host.AddProject(Owner, OwnerToken);
        host.AddProject(Intruder, IntruderToken);
        using var client = host.Client(Owner, OwnerToken);

        var created = await CreateAsync(client, "instances", $$$"""
            {"instance": {"name": "{{{InstanceName}}}", "flavorRef": "1", "volume": {"size": 1}, "datastore": {"type": "mysql", "version": "10.11"},
              "databases": [{"name": "{{{DatabaseName}}}"}], "users": [{"name": "{{{UserName}}}", "password": "{{{UserPassword}}}", "databases": [{"name": "{{{DatabaseName}}}"}]}]}}
            """, "instance");
        var instanceId = created.GetProperty("id").GetString()!;
        var operationId = created.GetProperty("operation_id").GetString()!;
        await ResourcePolling.WaitForStatusAsync(client, "instances", instanceId, "ACTIVE");

        var backup = await CreateAsync(client, "backups", $$$"""{"backup": {"name": "{{{BackupName}}}", "instance": "{{{instanceId}}}"}}""", "backup");
        var backupId = backup.GetProperty("id").GetString()!;
        await ResourcePolling.WaitForStatusAsync(client, "backups", backupId, "COMPLETED");
        await ResourcePolling.WaitForStatusAsync(client, "instances", instanceId, "ACTIVE");

        // A resource shows its end state one step before its operation records the end; the tests compare the
        // catalog before and after, so nothing may still be moving.
        await ResourcePolling.WaitForStatusAsync(client, "operations", operationId, "COMPLETED");
        await ResourcePolling.WaitForStatusAsync(client, "operations", backup.GetProperty("operation_id").GetString()!, "COMPLETED");

        // Once a year, so that no scheduled backup changes the catalog while the tests compare it.
        var scheduleId = (await CreateAsync(client, $"instances/{instanceId}/schedules", $$$"""{"schedule": {"name": "{{{ScheduleName}}}", "pattern": "0 0 1 1 *"}}""", "schedule"))
            .GetProperty("id").GetString()!;
        var configurationId = (await CreateAsync(client, "configurations", $$$$"""{"configuration": {"name": "{{{{ConfigurationName}}}}", "values": {"max_connections": 150}}}""", "configuration"))
            .GetProperty("id").GetString()!;

        return new HostileTargets(Owner, OwnerToken, Intruder, IntruderToken, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["instance_id"] = instanceId,
            ["backup_id"] = backupId,
            ["schedule_id"] = scheduleId,
            ["configuration_id"] = configurationId,
            ["operation_id"] = operationId,
            ["user"] = UserName,
            ["database"] = DatabaseName,
            ["flavor_id"] = "1",
            ["datastore"] = "mysql",
            ["version"] = "10.11",
            ["name"] = "max_connections",
        });
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, string collection, string body, string key)
    {
        using var response = await client.PostAsync(collection, TroveResponse.Body(body));
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode is < 200 or >= 300)
        {
            throw new InvalidOperationException($"POST {collection} answered {(int)response.StatusCode}: {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty(key).Clone();
    }
}
