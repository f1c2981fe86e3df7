namespace Serverless.Api.OpenApi;

/// <summary>
/// What each route of <see cref="TroveRoutes"/> does, in one line, and whether it is ours rather than Trove's. The
/// OpenAPI document is generated from the route table with these; a route without a line here fails the document's test.
/// </summary>
internal static class TroveOpenApiSummaries
{
    /// <summary>One route's description.</summary>
    /// <param name="Summary">One line saying what the call does.</param>
    /// <param name="Extension">True for our additions to the Trove v1.0 API.</param>
    /// <param name="Body">What the request body holds; null for none.</param>
    public sealed record Entry(string Summary, bool Extension = false, string? Body = null);

    public static IReadOnlyDictionary<string, Entry> ByRoute { get; } = new Dictionary<string, Entry>(StringComparer.Ordinal)
    {
        [TroveRouteNames.CreateInstance] = new("Create an instance, restore one from a backup (optionally to a point in time), or create replicas with replica_of.", Body: "{\"instance\": {name, flavorRef, volume, datastore, databases, users, restorePoint, replica_of, replica_count, configuration, access}}"),
        [TroveRouteNames.ListInstances] = new("List the project's instances with their status, replication and operation."),
        [TroveRouteNames.GetInstance] = new("Show an instance, with its replica set and replication health."),
        [TroveRouteNames.DeleteInstance] = new("Delete an instance and its server."),
        [TroveRouteNames.InstanceAction] = new("Run an action: restart, resize, reset_status, promote_to_replica_source, eject_replica_source or resync.", Body: "{\"<action>\": {…}}"),
        [TroveRouteNames.UpdateInstance] = new("Update an instance: detach a replica, attach or detach a configuration group.", Body: "{\"instance\": {replica_of, configuration, …}}"),
        [TroveRouteNames.PatchInstance] = new("Rename an instance, change its access, detach a replica or change its configuration group.", Body: "{\"instance\": {name, access, replica_of, configuration}}"),
        [TroveRouteNames.GetInstanceConnection] = new("The replica set's connection settings, also as environment variables.", Extension: true),
        [TroveRouteNames.CreateBackup] = new("Take a backup now: full, or incremental with parent.", Body: "{\"backup\": {name, instance, description, parent_id, incremental}}"),
        [TroveRouteNames.ListBackups] = new("List the project's backups, with their chain, size and point-in-time window."),
        [TroveRouteNames.GetBackup] = new("Show a backup."),
        [TroveRouteNames.DeleteBackup] = new("Delete a backup no other backup depends on."),
        [TroveRouteNames.ListInstanceBackups] = new("List an instance's backups."),
        [TroveRouteNames.CreateSchedule] = new("Create a backup schedule (cron) with retention.", Extension: true, Body: "{\"schedule\": {name, pattern, incremental_pattern, retention, …}}"),
        [TroveRouteNames.ListInstanceSchedules] = new("List an instance's backup schedules.", Extension: true),
        [TroveRouteNames.GetSchedule] = new("Show a backup schedule.", Extension: true),
        [TroveRouteNames.DeleteSchedule] = new("Delete a backup schedule.", Extension: true),
        [TroveRouteNames.ListScheduleExecutions] = new("List a schedule's runs.", Extension: true),
        [TroveRouteNames.ListFlavors] = new("List the flavors."),
        [TroveRouteNames.GetFlavor] = new("Show a flavor."),
        [TroveRouteNames.ListDatastores] = new("List the datastores."),
        [TroveRouteNames.GetDatastore] = new("Show a datastore."),
        [TroveRouteNames.ListDatastoreVersions] = new("List a datastore's versions."),
        [TroveRouteNames.GetDatastoreVersion] = new("Show a datastore version."),
        [TroveRouteNames.GetDatastoreVersionById] = new("Show a datastore version by id."),
        [TroveRouteNames.GetOperation] = new("Show an operation: status, current step, progress and error.", Extension: true),
        [TroveRouteNames.ListInstanceOperations] = new("List an instance's operations, newest first (limit, default 20).", Extension: true),
        [TroveRouteNames.ListClusters] = new("List clusters (always empty: clusters are not offered)."),
        [TroveRouteNames.GetCluster] = new("Show a cluster (always not found)."),
        [TroveRouteNames.CreateConfiguration] = new("Create a configuration group.", Body: "{\"configuration\": {name, description, values, datastore}}"),
        [TroveRouteNames.ListConfigurations] = new("List the configuration groups."),
        [TroveRouteNames.GetConfiguration] = new("Show a configuration group."),
        [TroveRouteNames.ReplaceConfiguration] = new("Replace a configuration group's values.", Body: "{\"configuration\": {values}}"),
        [TroveRouteNames.PatchConfiguration] = new("Change some of a configuration group's values.", Body: "{\"configuration\": {values}}"),
        [TroveRouteNames.DeleteConfiguration] = new("Delete a configuration group no instance uses."),
        [TroveRouteNames.ListConfigurationInstances] = new("List the instances a configuration group is attached to."),
        [TroveRouteNames.GetInstanceConfiguration] = new("Show an instance's effective configuration values."),
        [TroveRouteNames.ListParameters] = new("List the configuration parameters of a datastore version."),
        [TroveRouteNames.GetParameter] = new("Show a configuration parameter of a datastore version."),
        [TroveRouteNames.ListParametersByVersionId] = new("List the configuration parameters of a datastore version, by version id."),
        [TroveRouteNames.GetParameterByVersionId] = new("Show a configuration parameter, by version id."),
        [TroveRouteNames.CreateUsers] = new("Create users on an instance.", Body: "{\"users\": [{name, password, host, databases}]}"),
        [TroveRouteNames.ListUsers] = new("List an instance's users."),
        [TroveRouteNames.GetUser] = new("Show a user (name@host)."),
        [TroveRouteNames.UpdateUser] = new("Change a user's name, host or password.", Body: "{\"user\": {name, host, password}}"),
        [TroveRouteNames.DeleteUser] = new("Delete a user."),
        [TroveRouteNames.ListUserAccess] = new("List the databases a user may use."),
        [TroveRouteNames.GrantUserAccess] = new("Grant a user access to databases.", Body: "{\"databases\": [{name}]}"),
        [TroveRouteNames.RevokeUserAccess] = new("Revoke a user's access to a database."),
        [TroveRouteNames.CreateDatabases] = new("Create databases on an instance.", Body: "{\"databases\": [{name, character_set, collate}]}"),
        [TroveRouteNames.ListDatabases] = new("List an instance's databases."),
        [TroveRouteNames.DeleteDatabase] = new("Delete a database."),
        [TroveRouteNames.EnableRoot] = new("Enable root with a generated password, shown once."),
        [TroveRouteNames.GetRoot] = new("Show whether root is enabled."),
        [TroveRouteNames.DisableRoot] = new("Disable root."),
    };
}
