using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Serverless.Api;

namespace Serverless.Functions;

/// <summary>
/// One HTTP function per Trove route (<see cref="TroveRoutes"/>): each hands the request to the route's own handler
/// through <see cref="TroveApiInvoker"/>, with the same binding, token check and error mapping as the local host.
/// With <c>routePrefix</c> "" in host.json the paths are the Trove paths, <c>/v1.0/{project_id}/…</c>.
/// </summary>
internal sealed class ApiFunctions(TroveApiInvoker api)
{
    private const string Prefix = TroveRoute.ProjectPrefix;

    [Function(TroveRouteNames.CreateInstance)]
    public IActionResult CreateInstance([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = $"{Prefix}/instances")] HttpRequest request) => Run(TroveRouteNames.CreateInstance);

    [Function(TroveRouteNames.ListInstances)]
    public IActionResult ListInstances([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances")] HttpRequest request) => Run(TroveRouteNames.ListInstances);

    [Function(TroveRouteNames.GetInstance)]
    public IActionResult GetInstance([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}")] HttpRequest request) => Run(TroveRouteNames.GetInstance);

    [Function(TroveRouteNames.DeleteInstance)]
    public IActionResult DeleteInstance([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = $"{Prefix}/instances/{{instance_id}}")] HttpRequest request) => Run(TroveRouteNames.DeleteInstance);

    [Function(TroveRouteNames.InstanceAction)]
    public IActionResult InstanceAction([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = $"{Prefix}/instances/{{instance_id}}/action")] HttpRequest request) => Run(TroveRouteNames.InstanceAction);

    [Function(TroveRouteNames.CreateBackup)]
    public IActionResult CreateBackup([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = $"{Prefix}/backups")] HttpRequest request) => Run(TroveRouteNames.CreateBackup);

    [Function(TroveRouteNames.ListBackups)]
    public IActionResult ListBackups([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/backups")] HttpRequest request) => Run(TroveRouteNames.ListBackups);

    [Function(TroveRouteNames.GetBackup)]
    public IActionResult GetBackup([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/backups/{{backup_id}}")] HttpRequest request) => Run(TroveRouteNames.GetBackup);

    [Function(TroveRouteNames.DeleteBackup)]
    public IActionResult DeleteBackup([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = $"{Prefix}/backups/{{backup_id}}")] HttpRequest request) => Run(TroveRouteNames.DeleteBackup);

    [Function(TroveRouteNames.ListInstanceBackups)]
    public IActionResult ListInstanceBackups([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/instances/{{instance_id}}/backups")] HttpRequest request) => Run(TroveRouteNames.ListInstanceBackups);

    [Function(TroveRouteNames.ListFlavors)]
    public IActionResult ListFlavors([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/flavors")] HttpRequest request) => Run(TroveRouteNames.ListFlavors);

    [Function(TroveRouteNames.GetFlavor)]
    public IActionResult GetFlavor([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/flavors/{{flavor_id}}")] HttpRequest request) => Run(TroveRouteNames.GetFlavor);

    [Function(TroveRouteNames.ListDatastores)]
    public IActionResult ListDatastores([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores")] HttpRequest request) => Run(TroveRouteNames.ListDatastores);

    [Function(TroveRouteNames.GetDatastore)]
    public IActionResult GetDatastore([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores/{{datastore}}")] HttpRequest request) => Run(TroveRouteNames.GetDatastore);

    [Function(TroveRouteNames.ListDatastoreVersions)]
    public IActionResult ListDatastoreVersions([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores/{{datastore}}/versions")] HttpRequest request) => Run(TroveRouteNames.ListDatastoreVersions);

    [Function(TroveRouteNames.GetDatastoreVersion)]
    public IActionResult GetDatastoreVersion([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores/{{datastore}}/versions/{{version}}")] HttpRequest request) => Run(TroveRouteNames.GetDatastoreVersion);

    [Function(TroveRouteNames.GetDatastoreVersionById)]
    public IActionResult GetDatastoreVersionById([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/datastores/versions/{{version_id}}")] HttpRequest request) => Run(TroveRouteNames.GetDatastoreVersionById);

    [Function(TroveRouteNames.GetOperation)]
    public IActionResult GetOperation([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = $"{Prefix}/operations/{{operation_id}}")] HttpRequest request) => Run(TroveRouteNames.GetOperation);

    [Function(TroveRouteNames.NotFound)]
    public IActionResult NotFound([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", Route = $"{Prefix}/{{*path}}")] HttpRequest request) => Run(TroveRouteNames.NotFound);

    private TroveRouteResult Run(string routeName) => new(api, routeName);
}
