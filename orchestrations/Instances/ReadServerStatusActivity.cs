using Serverless.Orchestrations.Catalog;
using Microsoft.DurableTask;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>Reads where the server listens and how much of its volume it uses; fails unless it runs.</summary>
[DurableTask(Name)]
internal sealed class ReadServerStatusActivity(IDatabasePlatform platform) : TaskActivity<string, ServerSummary>
{
    public const string Name = "ReadServerStatus";

    private const double BytesPerGigabyte = 1024d * 1024 * 1024;

    public override async Task<ServerSummary> RunAsync(TaskActivityContext context, string input)
    {
        var status = await platform.GetStatusAsync(input, CancellationToken.None).ConfigureAwait(false);
        if (status.State != ServerState.Running || status.Endpoint is not { } endpoint)
        {
            throw new InvalidOperationException($"Server {input} is {status.State.ToString().ToLowerInvariant()}, not running: {status.Message ?? "no reason given"}.");
        }

        return new ServerSummary(endpoint.Host, endpoint.Port, Math.Round(status.VolumeUsedBytes / BytesPerGigabyte, 3));
    }
}
