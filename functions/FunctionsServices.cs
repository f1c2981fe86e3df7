using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api;
using Serverless.Orchestrations;

namespace Serverless.Functions;

/// <summary>
/// The app's services from its settings: the fleet and secret store (<see cref="FunctionsFleet"/>), the control plane
/// (<see cref="ControlPlane.AddControlPlane"/>), the forwarding durable client and the Trove API. Program.cs calls it,
/// and so does the test that builds the app's services from the settings infra/bicep writes.
/// </summary>
internal static class FunctionsServices
{
    public static IServiceCollection AddFunctionsServices(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = FunctionsSettings.Read(configuration);
        var fleet = FunctionsFleet.Create(configuration, settings);
        services.AddSingleton(fleet.Platform).AddSingleton(fleet.Secrets);
        services.AddControlPlane(settings.ControlPlane);
        services.AddSingleton<FunctionsDurableClient>().AddSingleton<DurableTaskClient>(provider => provider.GetRequiredService<FunctionsDurableClient>());
        services.AddTroveApi(options =>
        {
            foreach (var (project, token) in settings.ProjectTokens)
            {
                options.ProjectTokens[project] = token;
            }
        });
        return services;
    }
}
