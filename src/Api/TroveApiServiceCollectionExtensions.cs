using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Auth;
using Serverless.Api.Backups;
using Serverless.Api.Errors;
using Serverless.Api.Instances;
using Serverless.Api.Wire;

namespace Serverless.Api;

/// <summary>Registers the Trove-compatible API's own services.</summary>
public static class TroveApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds what <see cref="TroveApiEndpointRouteBuilderExtensions.MapTroveApi"/> needs besides the orchestration
    /// services, which the host registers (<c>InstanceService</c>, <c>BackupService</c> and the catalog queries).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the project tokens and the public base URL.</param>
    /// <returns>The same collection, for chaining.</returns>
    public static IServiceCollection AddTroveApi(this IServiceCollection services, Action<TroveApiOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        services.AddSingleton<ResourceLinks>();
        services.AddSingleton<InstanceWireMapper>();
        services.AddSingleton<BackupWireMapper>();
        services.AddSingleton<ProjectTokenFilter>();
        services.AddSingleton<TroveErrorFilter>();
        services.AddSingleton<TroveApiInvoker>();
        return services;
    }
}
