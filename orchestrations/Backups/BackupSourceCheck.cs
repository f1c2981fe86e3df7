using Serverless.Platforms;

namespace Serverless.Orchestrations.Backups;

/// <summary>Tells a backup step that failed because its server stopped from one that failed for another reason.</summary>
internal static class BackupSourceCheck
{
    /// <summary>
    /// Runs the step; if it fails and the instance's server no longer runs, fails with <see cref="ServerStoppedException"/>
    /// saying so instead (the step's own error, a lost connection, is its inner exception).
    /// </summary>
    public static Task<T> RunAsync<T>(IDatabasePlatform platform, string instanceId, Func<Task<T>> step) =>
        RunAsync(platform, instanceId, step, missingIsStopped: true);

    /// <summary>
    /// Opens the step's admin connection: a server that exists but stopped (a kill just after the backup began) fails
    /// as <see cref="ServerStoppedException"/>; one the platform does not have at all fails with the platform's own error,
    /// as any other failure to start a backup does (the instance stays as it was).
    /// </summary>
    public static Task<T> ConnectAsync<T>(IDatabasePlatform platform, string instanceId, Func<Task<T>> connect) =>
        RunAsync(platform, instanceId, connect, missingIsStopped: false);

    private static async Task<T> RunAsync<T>(IDatabasePlatform platform, string instanceId, Func<Task<T>> step, bool missingIsStopped)
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

            if (status.State == ServerState.Running || (status.State == ServerState.Missing && !missingIsStopped))
            {
                throw;
            }

            throw new ServerStoppedException(
                $"The database server of instance {instanceId} stopped during the backup (it is {status.State.ToString().ToLowerInvariant()}: {status.Message ?? "no reason given"}); the backup was abandoned and nothing was recorded. Restart or restore the instance, then take the backup again.",
                ex);
        }
    }
}
