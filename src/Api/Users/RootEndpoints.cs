using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Users;

namespace Serverless.Api.Users;

/// <summary>
/// <c>/instances/{id}/root</c> (trove-clients.md §3.4). Enable answers 200 with the password, the one time it is
/// shown; without a body (the clients send none unless a password is given) the password is generated.
/// </summary>
internal static class RootEndpoints
{
    public static IEnumerable<TroveRoute> Routes =>
    [
        new(TroveRouteNames.EnableRoot, "POST", "instances/{instance_id}/root", EnableAsync),
        new(TroveRouteNames.GetRoot, "GET", "instances/{instance_id}/root", GetAsync),
        new(TroveRouteNames.DisableRoot, "DELETE", "instances/{instance_id}/root", DisableAsync),
    ];

    private static async Task<IResult> EnableAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, HttpContext context, [FromServices] AccountService service, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        string? password = null;
        if (await JsonBody.ReadOptionalObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken) is { } body)
        {
            JsonBody.OnlyKnownFields(body, string.Empty, "password");
            password = JsonBody.OptionalString(body, string.Empty, "password");
        }

        var root = await service.EnableRootAsync(projectId, instanceId, string.IsNullOrEmpty(password) ? null : password, cancellationToken);
        return TypedResults.Json(new RootEnvelope(new RootUserWire(root.Name, root.Password)), TroveJsonContext.Default.RootEnvelope);
    }

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, [FromServices] AccountService service, CancellationToken cancellationToken)
    {
        var enabled = await service.IsRootEnabledAsync(projectId, instanceId, cancellationToken);
        return TypedResults.Json(new RootEnabledEnvelope(enabled), TroveJsonContext.Default.RootEnabledEnvelope);
    }

    private static async Task<IResult> DisableAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, [FromServices] AccountService service, CancellationToken cancellationToken)
    {
        await service.DisableRootAsync(projectId, instanceId, cancellationToken);
        return TypedResults.NoContent();
    }
}
