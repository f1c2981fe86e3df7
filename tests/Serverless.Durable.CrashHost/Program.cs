using Serverless.Durable;
using Serverless.Durable.CrashHost;
using Serverless.Storage.Accounts;
using Serverless.Storage.Documents;

// Usage: Serverless.Durable.CrashHost <connection-string> <container> <step-log-path>
// Runs the engine until killed; the crash tests SIGKILL it and start it again.
if (args.Length != 3)
{
    Console.Error.WriteLine("Usage: Serverless.Durable.CrashHost <connection-string> <container> <step-log-path>");
    return 2;
}

var store = new BlobDocumentStore(BlobServiceClientFactory.Create(new StorageAccountOptions { ConnectionString = args[0] }).GetBlobContainerClient(args[1]));
await using var engine = new DurableEngine(store, CrashWorkload.CreateRegistry(args[2]), new DurableEngineOptions
{
    EngineId = $"crash-host-{Environment.ProcessId}",
    PollInterval = TimeSpan.FromMilliseconds(100),
    LeaseDuration = TimeSpan.FromSeconds(1),
});
await engine.StartAsync(CancellationToken.None);
Console.Out.WriteLine("started");
await Task.Delay(Timeout.Infinite);
return 0;
