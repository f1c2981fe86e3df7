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

    [Function(TroveRouteNames.NotFound)]
    public IActionResult NotFound([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = $"{Prefix}/{{*path}}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run(TroveRouteNames.NotFound, client);

    private TroveRouteResult Run(string routeName, DurableTaskClient client)
    {
        durable.Bind(client);
        return new(api, routeName);
    }
}
