using System.Security.Cryptography;
using System.Text;

namespace Serverless.Orchestrations.Catalog;

/// <summary>Where each catalog document lives in the store.</summary>
internal static class CatalogKeys
{
    public const string Seed = "seed";

    public const string FlavorsPrefix = "flavors/";

    public const string DatastoresPrefix = "datastores/";

    public static string Flavor(string id) => FlavorsPrefix + id;

    public static string Datastore(string id) => DatastoresPrefix + id;

    public static string InstancesPrefix(string projectId) => $"projects/{projectId}/instances/";

    public static string Instance(string projectId, string instanceId) => InstancesPrefix(projectId) + instanceId;

    public static string BackupsPrefix(string projectId) => $"projects/{projectId}/backups/";

    public static string Backup(string projectId, string backupId) => BackupsPrefix(projectId) + backupId;

    public static string ConfigurationsPrefix(string projectId) => $"projects/{projectId}/configurations/";

    public static string Configuration(string projectId, string configurationId) => ConfigurationsPrefix(projectId) + configurationId;

    public static string OperationsPrefix(string projectId) => $"projects/{projectId}/operations/";

    public static string Operation(string projectId, string operationId) => OperationsPrefix(projectId) + operationId;

    /// <summary>Names may hold any printable character and be 255 long, so the key holds their hash.</summary>
    public static string InstanceName(string projectId, string name) =>
        $"projects/{projectId}/instance-names/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))}";
}
