using Serverless.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops waiting and exits cleanly; the operation itself keeps running on the service.
    e.Cancel = true;
    cancellation.Cancel();
};

return await CliApplication.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
