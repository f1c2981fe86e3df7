namespace Serverless.Api;

/// <summary>The names of the Trove API's routes; the Functions app names its HTTP functions after them.</summary>
public static class TroveRouteNames
{
    /// <summary>POST instances.</summary>
    public const string CreateInstance = "Api_CreateInstance";

    /// <summary>GET instances.</summary>
    public const string ListInstances = "Api_ListInstances";

    /// <summary>GET instances/{instance_id}.</summary>
    public const string GetInstance = "Api_GetInstance";

    /// <summary>DELETE instances/{instance_id}.</summary>
    public const string DeleteInstance = "Api_DeleteInstance";

    /// <summary>POST instances/{instance_id}/action.</summary>
    public const string InstanceAction = "Api_InstanceAction";

    /// <summary>PUT instances/{instance_id}.</summary>
    public const string UpdateInstance = "Api_UpdateInstance";

    /// <summary>PATCH instances/{instance_id}.</summary>
    public const string PatchInstance = "Api_PatchInstance";

    /// <summary>GET instances/{instance_id}/connection (ours).</summary>
    public const string GetInstanceConnection = "Api_GetInstanceConnection";

    /// <summary>POST backups.</summary>
    public const string CreateBackup = "Api_CreateBackup";

    /// <summary>GET backups.</summary>
    public const string ListBackups = "Api_ListBackups";

    /// <summary>GET backups/{backup_id}.</summary>
    public const string GetBackup = "Api_GetBackup";

    /// <summary>DELETE backups/{backup_id}.</summary>
    public const string DeleteBackup = "Api_DeleteBackup";

    /// <summary>GET instances/{instance_id}/backups.</summary>
    public const string ListInstanceBackups = "Api_ListInstanceBackups";

    /// <summary>POST instances/{instance_id}/schedules.</summary>
    public const string CreateSchedule = "Api_CreateSchedule";

    /// <summary>GET instances/{instance_id}/schedules.</summary>
    public const string ListInstanceSchedules = "Api_ListInstanceSchedules";

    /// <summary>GET schedules/{schedule_id}.</summary>
    public const string GetSchedule = "Api_GetSchedule";

    /// <summary>DELETE schedules/{schedule_id}.</summary>
    public const string DeleteSchedule = "Api_DeleteSchedule";

    /// <summary>GET schedules/{schedule_id}/executions.</summary>
    public const string ListScheduleExecutions = "Api_ListScheduleExecutions";

    /// <summary>GET flavors.</summary>
    public const string ListFlavors = "Api_ListFlavors";

    /// <summary>GET flavors/{flavor_id}.</summary>
    public const string GetFlavor = "Api_GetFlavor";

    /// <summary>GET datastores.</summary>
    public const string ListDatastores = "Api_ListDatastores";

    /// <summary>GET datastores/{datastore}.</summary>
    public const string GetDatastore = "Api_GetDatastore";

    /// <summary>GET datastores/{datastore}/versions.</summary>
    public const string ListDatastoreVersions = "Api_ListDatastoreVersions";

    /// <summary>GET datastores/{datastore}/versions/{version}.</summary>
    public const string GetDatastoreVersion = "Api_GetDatastoreVersion";

    /// <summary>GET datastores/versions/{version_id}.</summary>
    public const string GetDatastoreVersionById = "Api_GetDatastoreVersionById";

    /// <summary>GET operations/{operation_id}.</summary>
    public const string GetOperation = "Api_GetOperation";

    /// <summary>GET instances/{instance_id}/operations (ours: the instance's operations, newest first).</summary>
    public const string ListInstanceOperations = "Api_ListInstanceOperations";


    /// <summary>GET clusters (always empty).</summary>
    public const string ListClusters = "Api_ListClusters";

    /// <summary>GET clusters/{cluster_id} (always 404).</summary>
    public const string GetCluster = "Api_GetCluster";

    /// <summary>POST configurations.</summary>
    public const string CreateConfiguration = "Api_CreateConfiguration";

    /// <summary>GET configurations.</summary>
    public const string ListConfigurations = "Api_ListConfigurations";

    /// <summary>GET configurations/{configuration_id}.</summary>
    public const string GetConfiguration = "Api_GetConfiguration";

    /// <summary>PUT configurations/{configuration_id}.</summary>
    public const string ReplaceConfiguration = "Api_ReplaceConfiguration";

    /// <summary>PATCH configurations/{configuration_id}.</summary>
    public const string PatchConfiguration = "Api_PatchConfiguration";

    /// <summary>DELETE configurations/{configuration_id}.</summary>
    public const string DeleteConfiguration = "Api_DeleteConfiguration";

    /// <summary>GET configurations/{configuration_id}/instances.</summary>
    public const string ListConfigurationInstances = "Api_ListConfigurationInstances";

    /// <summary>GET instances/{instance_id}/configuration.</summary>
    public const string GetInstanceConfiguration = "Api_GetInstanceConfiguration";

    /// <summary>GET datastores/{datastore}/versions/{version}/parameters.</summary>
    public const string ListParameters = "Api_ListParameters";

    /// <summary>GET datastores/{datastore}/versions/{version}/parameters/{name}.</summary>
    public const string GetParameter = "Api_GetParameter";

    /// <summary>GET datastores/versions/{version_id}/parameters.</summary>
    public const string ListParametersByVersionId = "Api_ListParametersByVersionId";

    /// <summary>GET datastores/versions/{version_id}/parameters/{name}.</summary>
    public const string GetParameterByVersionId = "Api_GetParameterByVersionId";

    /// <summary>POST instances/{instance_id}/users.</summary>
    public const string CreateUsers = "Api_CreateUsers";

    /// <summary>GET instances/{instance_id}/users.</summary>
    public const string ListUsers = "Api_ListUsers";

    /// <summary>GET instances/{instance_id}/users/{user}.</summary>
    public const string GetUser = "Api_GetUser";

    /// <summary>PUT instances/{instance_id}/users/{user}.</summary>
    public const string UpdateUser = "Api_UpdateUser";

    /// <summary>DELETE instances/{instance_id}/users/{user}.</summary>
    public const string DeleteUser = "Api_DeleteUser";

    /// <summary>GET instances/{instance_id}/users/{user}/databases.</summary>
    public const string ListUserAccess = "Api_ListUserAccess";

    /// <summary>PUT instances/{instance_id}/users/{user}/databases.</summary>
    public const string GrantUserAccess = "Api_GrantUserAccess";

    /// <summary>DELETE instances/{instance_id}/users/{user}/databases/{database}.</summary>
    public const string RevokeUserAccess = "Api_RevokeUserAccess";

    /// <summary>POST instances/{instance_id}/databases.</summary>
    public const string CreateDatabases = "Api_CreateDatabases";

    /// <summary>GET instances/{instance_id}/databases.</summary>
    public const string ListDatabases = "Api_ListDatabases";

    /// <summary>DELETE instances/{instance_id}/databases/{database}.</summary>
    public const string DeleteDatabase = "Api_DeleteDatabase";

    /// <summary>POST instances/{instance_id}/root.</summary>
    public const string EnableRoot = "Api_EnableRoot";

    /// <summary>GET instances/{instance_id}/root.</summary>
    public const string GetRoot = "Api_GetRoot";

    /// <summary>DELETE instances/{instance_id}/root.</summary>
    public const string DisableRoot = "Api_DisableRoot";

    /// <summary>Anything else below the project: a Trove-shaped 404.</summary>
    public const string NotFound = "Api_NotFound";
}
