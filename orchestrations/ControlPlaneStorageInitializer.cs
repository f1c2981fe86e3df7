using Microsoft.Extensions.Hosting;

namespace Serverless.Orchestrations;

/// <summary>Creates the control plane's containers when the host starts, before the durable worker (registered after it) runs a step.</summary>
internal sealed class ControlPlaneStorageInitializer(ControlPlaneStorage storage) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
