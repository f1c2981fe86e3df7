using Serverless.Platforms;

namespace Serverless.Orchestrations.Backups;

/// <summary>Tells a backup step that failed because its server stopped from one that failed for another reason.</summary>
internal static class BackupSourceCheck
{
    /// <summary>
    /// Runs the step; if it fails and the instance's server no longer runs, fails with <see cref="ServerStoppedException"/>
    /// saying so instead (the step's own error, a lost connection, is its inner exception).
    /// </summary>
    public static async Task<T> RunAsync<T>(IDatabasePlatform platform, string instanceId, Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not ServerStoppedException)
        {
            ServerStatus status;
            try
            {
                status = await platform.GetStatusAsync(instanceId, CancellationToken.None).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // The step's own failure is what to report when the platform cannot answer either.
            catch (Exception)
#pragma warning restore CA1031
            {
                throw ex;
            }

            if (status.State == ServerState.Running)
            {
                throw;
            }

            throw new ServerStoppedException(
                $"The database server of instance {instanceId} stopped during the backup (it is {status.State.ToString().ToLowerInvariant()}: {status.Message ?? "no reason given"}); the backup was abandoned and nothing was recorded. Restart or restore the instance, then take the backup again.",
                ex);
        }
    }
}
