using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Serverless.Api;

namespace Serverless.Functions;

/// <summary>
/// One HTTP function per Trove route (<see cref="TroveRoutes"/>): each hands the request to the route's own handler
/// through <see cref="TroveApiInvoker"/>, with the same binding, token check and error mapping as the local host.
/// With <c>routePrefix</c> "" in host.json the paths are the Trove paths, <c>/v1.0/{project_id}/…</c>. Each takes the
/// Durable extension's client, which <see cref="FunctionsDurableClient"/> then serves to the control plane's services.
/// </summary>
internal sealed class ApiFunctions(TroveApiInvoker api, FunctionsDurableClient durable)
{
    private const string Prefix = TroveRoute.ProjectPrefix;

    [Function(TroveRouteNames.CreateInstance)]
    public IActionResult CreateInstance([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = $"{Prefix}/instances")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.CreateInstance, client);

    [Function(TroveRouteNames.ListInstances)]
    public IActionResult ListInstances([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListInstances, client);

    [Function(TroveRouteNames.GetInstance)]
    public IActionResult GetInstance([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetInstance, client);

    [Function(TroveRouteNames.DeleteInstance)]
    public IActionResult DeleteInstance([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = $"{Prefix}/instances/{{instance_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.DeleteInstance, client);

    [Function(TroveRouteNames.InstanceAction)]
    public IActionResult InstanceAction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = $"{Prefix}/instances/{{instance_id}}/action")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.InstanceAction, client);

    [Function(TroveRouteNames.UpdateInstance)]
    public IActionResult UpdateInstance([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = $"{Prefix}/instances/{{instance_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.UpdateInstance, client);

    [Function(TroveRouteNames.PatchInstance)]
    public IActionResult PatchInstance([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = $"{Prefix}/instances/{{instance_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.PatchInstance, client);

    [Function(TroveRouteNames.GetInstanceConnection)]
    public IActionResult GetInstanceConnection([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}/connection")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetInstanceConnection, client);

    [Function(TroveRouteNames.CreateBackup)]
    public IActionResult CreateBackup([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = $"{Prefix}/backups")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.CreateBackup, client);

    [Function(TroveRouteNames.ListBackups)]
    public IActionResult ListBackups([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/backups")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListBackups, client);

    [Function(TroveRouteNames.GetBackup)]
    public IActionResult GetBackup([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/backups/{{backup_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetBackup, client);

    [Function(TroveRouteNames.DeleteBackup)]
    public IActionResult DeleteBackup([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = $"{Prefix}/backups/{{backup_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.DeleteBackup, client);

    [Function(TroveRouteNames.ListInstanceBackups)]
    public IActionResult ListInstanceBackups([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}/backups")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListInstanceBackups, client);

    [Function(TroveRouteNames.CreateSchedule)]
    public IActionResult CreateSchedule([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = $"{Prefix}/instances/{{instance_id}}/schedules")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.CreateSchedule, client);

    [Function(TroveRouteNames.ListInstanceSchedules)]
    public IActionResult ListInstanceSchedules([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}/schedules")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListInstanceSchedules, client);

    [Function(TroveRouteNames.GetSchedule)]
    public IActionResult GetSchedule([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/schedules/{{schedule_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetSchedule, client);

    [Function(TroveRouteNames.DeleteSchedule)]
    public IActionResult DeleteSchedule([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = $"{Prefix}/schedules/{{schedule_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.DeleteSchedule, client);

    [Function(TroveRouteNames.ListScheduleExecutions)]
    public IActionResult ListScheduleExecutions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/schedules/{{schedule_id}}/executions")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListScheduleExecutions, client);

    [Function(TroveRouteNames.ListFlavors)]
    public IActionResult ListFlavors([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/flavors")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListFlavors, client);

    [Function(TroveRouteNames.GetFlavor)]
    public IActionResult GetFlavor([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/flavors/{{flavor_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetFlavor, client);

    [Function(TroveRouteNames.ListDatastores)]
    public IActionResult ListDatastores([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListDatastores, client);

    [Function(TroveRouteNames.GetDatastore)]
    public IActionResult GetDatastore([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores/{{datastore}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetDatastore, client);

    [Function(TroveRouteNames.ListDatastoreVersions)]
    public IActionResult ListDatastoreVersions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores/{{datastore}}/versions")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListDatastoreVersions, client);

    [Function(TroveRouteNames.GetDatastoreVersion)]
    public IActionResult GetDatastoreVersion([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores/{{datastore}}/versions/{{version}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetDatastoreVersion, client);

    [Function(TroveRouteNames.GetDatastoreVersionById)]
    public IActionResult GetDatastoreVersionById([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores/versions/{{version_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetDatastoreVersionById, client);

    [Function(TroveRouteNames.GetOperation)]
    public IActionResult GetOperation([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/operations/{{operation_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetOperation, client);


    [Function(TroveRouteNames.ListInstanceOperations)]
    public IActionResult ListInstanceOperations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}/operations")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListInstanceOperations, client);
    [Function(TroveRouteNames.ListClusters)]
    public IActionResult ListClusters([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/clusters")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListClusters, client);

    [Function(TroveRouteNames.GetCluster)]
    public IActionResult GetCluster([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/clusters/{{cluster_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetCluster, client);

    [Function(TroveRouteNames.CreateConfiguration)]
    public IActionResult CreateConfiguration([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = $"{Prefix}/configurations")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.CreateConfiguration, client);

    [Function(TroveRouteNames.ListConfigurations)]
    public IActionResult ListConfigurations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/configurations")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListConfigurations, client);

    [Function(TroveRouteNames.GetConfiguration)]
    public IActionResult GetConfiguration([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/configurations/{{configuration_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetConfiguration, client);

    [Function(TroveRouteNames.ReplaceConfiguration)]
    public IActionResult ReplaceConfiguration([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = $"{Prefix}/configurations/{{configuration_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ReplaceConfiguration, client);

    [Function(TroveRouteNames.PatchConfiguration)]
    public IActionResult PatchConfiguration([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = $"{Prefix}/configurations/{{configuration_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.PatchConfiguration, client);

    [Function(TroveRouteNames.DeleteConfiguration)]
    public IActionResult DeleteConfiguration([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = $"{Prefix}/configurations/{{configuration_id}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.DeleteConfiguration, client);

    [Function(TroveRouteNames.ListConfigurationInstances)]
    public IActionResult ListConfigurationInstances([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/configurations/{{configuration_id}}/instances")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListConfigurationInstances, client);

    [Function(TroveRouteNames.GetInstanceConfiguration)]
    public IActionResult GetInstanceConfiguration([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}/configuration")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetInstanceConfiguration, client);

    [Function(TroveRouteNames.ListParameters)]
    public IActionResult ListParameters([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores/{{datastore}}/versions/{{version}}/parameters")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListParameters, client);

    [Function(TroveRouteNames.GetParameter)]
    public IActionResult GetParameter([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores/{{datastore}}/versions/{{version}}/parameters/{{name}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetParameter, client);

    [Function(TroveRouteNames.ListParametersByVersionId)]
    public IActionResult ListParametersByVersionId([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores/versions/{{version_id}}/parameters")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListParametersByVersionId, client);

    [Function(TroveRouteNames.GetParameterByVersionId)]
    public IActionResult GetParameterByVersionId([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores/versions/{{version_id}}/parameters/{{name}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetParameterByVersionId, client);

    [Function(TroveRouteNames.CreateUsers)]
    public IActionResult CreateUsers([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = $"{Prefix}/instances/{{instance_id}}/users")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.CreateUsers, client);

    [Function(TroveRouteNames.ListUsers)]
    public IActionResult ListUsers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}/users")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListUsers, client);

    [Function(TroveRouteNames.GetUser)]
    public IActionResult GetUser([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}/users/{{user}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetUser, client);

    [Function(TroveRouteNames.UpdateUser)]
    public IActionResult UpdateUser([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = $"{Prefix}/instances/{{instance_id}}/users/{{user}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.UpdateUser, client);

    [Function(TroveRouteNames.DeleteUser)]
    public IActionResult DeleteUser([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = $"{Prefix}/instances/{{instance_id}}/users/{{user}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.DeleteUser, client);

    [Function(TroveRouteNames.ListUserAccess)]
    public IActionResult ListUserAccess([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}/users/{{user}}/databases")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListUserAccess, client);

    [Function(TroveRouteNames.GrantUserAccess)]
    public IActionResult GrantUserAccess([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = $"{Prefix}/instances/{{instance_id}}/users/{{user}}/databases")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GrantUserAccess, client);

    [Function(TroveRouteNames.RevokeUserAccess)]
    public IActionResult RevokeUserAccess([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = $"{Prefix}/instances/{{instance_id}}/users/{{user}}/databases/{{database}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.RevokeUserAccess, client);

    [Function(TroveRouteNames.CreateDatabases)]
    public IActionResult CreateDatabases([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = $"{Prefix}/instances/{{instance_id}}/databases")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.CreateDatabases, client);

    [Function(TroveRouteNames.ListDatabases)]
    public IActionResult ListDatabases([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}/databases")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.ListDatabases, client);

    [Function(TroveRouteNames.DeleteDatabase)]
    public IActionResult DeleteDatabase([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = $"{Prefix}/instances/{{instance_id}}/databases/{{database}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.DeleteDatabase, client);

    [Function(TroveRouteNames.EnableRoot)]
    public IActionResult EnableRoot([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = $"{Prefix}/instances/{{instance_id}}/root")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.EnableRoot, client);

    [Function(TroveRouteNames.GetRoot)]
    public IActionResult GetRoot([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}/root")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.GetRoot, client);

    [Function(TroveRouteNames.DisableRoot)]
    public IActionResult DisableRoot([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = $"{Prefix}/instances/{{instance_id}}/root")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.DisableRoot, client);

    [Function(TroveRouteNames.NotFound)]
    public IActionResult NotFound([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = $"{Prefix}/{{*path}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.NotFound, client);

    private TroveRouteResult Run(string routeName, DurableTaskClient client)
    {
        durable.Bind(client);
        return new(api, routeName);
    }
}
