using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;
using Serverless.Api.Instances;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Users;

namespace Serverless.Api.Users;

/// <summary>
/// <c>/instances/{id}/users</c>: the users of a running instance and their access to databases
/// (trove-clients.md §3.2). Request bodies hold passwords: they are never logged or echoed.
/// </summary>
internal static class UserEndpoints
{
    private const string UserPattern = "instances/{instance_id}/users/{user}";

    public static IEnumerable<TroveRoute> Routes =>
    [
        new(TroveRouteNames.CreateUsers, "POST", "instances/{instance_id}/users", CreateAsync),
        new(TroveRouteNames.ListUsers, "GET", "instances/{instance_id}/users", ListAsync),
        new(TroveRouteNames.GetUser, "GET", UserPattern, GetAsync),
        new(TroveRouteNames.UpdateUser, "PUT", UserPattern, UpdateAsync),
        new(TroveRouteNames.DeleteUser, "DELETE", UserPattern, DeleteAsync),
        new(TroveRouteNames.ListUserAccess, "GET", $"{UserPattern}/databases", ListAccessAsync),
        new(TroveRouteNames.GrantUserAccess, "PUT", $"{UserPattern}/databases", GrantAsync),
        new(TroveRouteNames.RevokeUserAccess, "DELETE", $"{UserPattern}/databases/{{database}}", RevokeAsync),
    ];

    private static async Task<IResult> CreateAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, HttpContext context, [FromServices] AccountService service, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        JsonBody.OnlyKnownFields(body, string.Empty, "users");
        var users = new List<CreateUserRequest>();
        var index = 0;
        foreach (var user in JsonBody.OptionalArray(body, string.Empty, "users"))
        {
            users.Add(CreateInstanceBody.User(user, $"users[{index++}]"));
        }

        await service.CreateUsersAsync(projectId, instanceId, users, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, HttpContext context, [FromServices] AccountService service, ResourceLinks links, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var users = await service.ListUsersAsync(projectId, instanceId, cancellationToken);
        var (page, next) = ListPaging.Page(
            context.Request, users, user => UserSegment.Format(user.Name, user.Host), "a user of the instance", options.Value.MaxPageSize,
            $"{links.ProjectBase(context, projectId)}/instances/{instanceId}/users");
        return TypedResults.Json(new UserListEnvelope([.. page.Select(ToWire)], next), TroveJsonContext.Default.UserListEnvelope);
    }

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, [FromRoute(Name = "user")] string user, [FromServices] AccountService service, CancellationToken cancellationToken)
    {
        var (name, host) = UserSegment.Parse(user);
        var found = await service.GetUserAsync(projectId, instanceId, name, host, cancellationToken);
        return TypedResults.Json(new UserEnvelope(ToWire(found)), TroveJsonContext.Default.UserEnvelope);
    }

    private static async Task<IResult> UpdateAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, [FromRoute(Name = "user")] string user, HttpContext context, [FromServices] AccountService service, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        JsonBody.OnlyKnownFields(body, string.Empty, "user");
        var attributes = JsonBody.RequiredObject(body, string.Empty, "user");
        JsonBody.OnlyKnownFields(attributes, "user", "name", "password", "host");
        var change = new UserChange(
            JsonBody.OptionalString(attributes, "user", "name"),
            JsonBody.OptionalString(attributes, "user", "host"),
            JsonBody.OptionalString(attributes, "user", "password"));
        var (name, host) = UserSegment.Parse(user);
        await service.UpdateUserAsync(projectId, instanceId, name, host, change, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> DeleteAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, [FromRoute(Name = "user")] string user, [FromServices] AccountService service, CancellationToken cancellationToken)
    {
        var (name, host) = UserSegment.Parse(user);
        await service.DeleteUserAsync(projectId, instanceId, name, host, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> ListAccessAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, [FromRoute(Name = "user")] string user, [FromServices] AccountService service, CancellationToken cancellationToken)
    {
        var (name, host) = UserSegment.Parse(user);
        var found = await service.GetUserAsync(projectId, instanceId, name, host, cancellationToken);
        return TypedResults.Json(new DatabaseListEnvelope([.. found.Databases.Select(d => new DatabaseNameWire(d))], null), TroveJsonContext.Default.DatabaseListEnvelope);
    }

    private static async Task<IResult> GrantAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, [FromRoute(Name = "user")] string user, HttpContext context, [FromServices] AccountService service, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        JsonBody.OnlyKnownFields(body, string.Empty, "databases");
        var databases = new List<string>();
        var index = 0;
        foreach (var database in JsonBody.OptionalArray(body, string.Empty, "databases"))
        {
            databases.Add(CreateInstanceBody.DatabaseName(database, $"databases[{index++}]"));
        }

        var (name, host) = UserSegment.Parse(user);
        await service.GrantAsync(projectId, instanceId, name, host, databases, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> RevokeAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, [FromRoute(Name = "user")] string user, [FromRoute(Name = "database")] string database, [FromServices] AccountService service, CancellationToken cancellationToken)
    {
        var (name, host) = UserSegment.Parse(user);
        await service.RevokeAsync(projectId, instanceId, name, host, database, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static UserWire ToWire(InstanceUser user) => new(user.Name, user.Host, [.. user.Databases.Select(d => new DatabaseNameWire(d))]);
}
