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

    /// <summary>Anything else below the project: a Trove-shaped 404.</summary>
    public const string NotFound = "Api_NotFound";
}
