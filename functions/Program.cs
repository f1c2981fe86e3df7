using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Api;
using Serverless.Functions;
using Serverless.Orchestrations;
using Serverless.Platforms;

// The Azure home of the control plane: the Functions host runs the orchestrations (Durable extension, Azure Storage
// provider, task hub from host.json) and routes HTTP to one function per Trove route; everything else is composed
// by AddControlPlane, as in the local host.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
var settings = FunctionsSettings.Read(builder.Configuration);

// Activity inputs and orchestration payloads go through the worker's serializer: the same source-generated
// metadata as the local runtime for our payloads, reflection only for the host's own binding types.
builder.Services.Configure<WorkerOptions>(worker => worker.Serializer = new JsonObjectSerializer(FunctionsSettings.SerializerOptions));
builder.Services.AddSingleton<IDatabasePlatform>(settings.CreatePlatform()).AddSingleton<ISecretStore>(settings.CreateSecretStore());
builder.Services.AddControlPlane(settings.ControlPlane);
builder.Services.AddSingleton<FunctionsDurableClient>().AddSingleton<DurableTaskClient>(provider => provider.GetRequiredService<FunctionsDurableClient>());
builder.Services.AddTroveApi(options =>
{
    foreach (var (project, token) in settings.ProjectTokens)
    {
        options.ProjectTokens[project] = token;
    }
});
builder.Build().Run();
