using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serverless.Storage.Artifacts;

namespace Serverless.Orchestrations.ArtifactKeys;

/// <summary>
/// Makes sure of the current artifact key when the host starts: generates it where that is allowed (the local host's
/// first start) and otherwise checks that the secret store has it. A missing key is logged, not thrown: the rest of the
/// service works, and each backup fails with the same message until the key is in place.
/// </summary>
internal sealed class ArtifactKeyInitializer(SecretStoreArtifactKeyProvider keys, ILogger<ArtifactKeyInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await keys.EnsureCurrentKeyAsync(cancellationToken).ConfigureAwait(false);
            ArtifactKeyLog.CurrentKeyReady(logger, keys.CurrentKeyId);
        }
        catch (Exception e) when (e is ArtifactKeyNotFoundException or InvalidDataException)
        {
            ArtifactKeyLog.CurrentKeyMissing(logger, keys.CurrentKeyId, e.Message);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
