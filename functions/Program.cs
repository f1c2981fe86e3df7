using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Serverless.Functions;

// The Azure home of the control plane: the Functions host runs the orchestrations (Durable extension, Azure Storage
// provider, task hub from host.json) and routes HTTP to one function per Trove route; everything else is composed
// by AddControlPlane, as in the local host.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Activity inputs and orchestration payloads go through the worker's serializer: the same source-generated
// metadata as the local runtime for our payloads, reflection only for the host's own binding types.
builder.Services.Configure<WorkerOptions>(worker => worker.Serializer = new JsonObjectSerializer(FunctionsSettings.SerializerOptions));
builder.Services.AddFunctionsServices(builder.Configuration);
builder.Build().Run();
