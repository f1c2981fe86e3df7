using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Durable;
using Serverless.Durable.TestWorker;

// A worker process for the kill tests: runs the test tasks on the given task hub until killed.
// Arguments: <storage connection string> <task hub>. Prints "ready" once the worker runs.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Serverless.Durable.TestWorker <storage connection string> <task hub>");
    return 2;
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.Services.AddLocalDurableRuntime(
    new DurableRuntimeOptions { StorageConnectionString = args[0], TaskHubName = args[1] }, TestTasks.Converter, TestTasks.Register);
using var host = builder.Build();
await host.StartAsync();
Console.WriteLine("ready");
await host.WaitForShutdownAsync();
return 0;
