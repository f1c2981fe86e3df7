namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// One load into a target server at a time (a restore, a replica's seed): a step delivered twice (at least once, after a
/// host was killed or a lease ran out) must not drop or load under another run of itself. The lock is the server's
/// <c>GET_LOCK</c>, held by a session of its own for as long as the load runs, so it goes when that process dies.
/// </summary>
public static class LoadLock
{
    // A duplicate delivery waits for the first run to end; a load lasts hours at most.
    private const int WaitSeconds = 6 * 3600;

    /// <summary>Runs <paramref name="load"/> holding the target's load lock.</summary>
    /// <param name="target">The server loaded into, as its admin.</param>
    /// <param name="snapshotId">The snapshot being loaded, named in the error.</param>
    /// <param name="load">The load.</param>
    /// <param name="cancellationToken">Cancels the wait for the lock.</param>
    /// <exception cref="SnapshotLoadException">Another load held the lock longer than a load may last.</exception>
    public static async Task<T> RunAsync<T>(ServerConnection target, string snapshotId, Func<Task<T>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(load);
        var guard = await SnapshotSession.OpenAsync(target, SnapshotSession.LoadSettings, cancellationToken).ConfigureAwait(false);
        await using (guard.ConfigureAwait(false))
        {
            // DO would discard GET_LOCK's answer, and MariaDB treats a negative timeout as none: ask, and check the answer.
            var granted = await SnapshotSession.ReadRowsAsync(guard, "SELECT GET_LOCK('serverless-restore', ?)", [WaitSeconds], cancellationToken).ConfigureAwait(false);
            if (granted is not [["1"]])
            {
                throw new SnapshotLoadException(snapshotId, $"Another load into {target.Endpoint} held its lock for {WaitSeconds} s; this one did not start.");
            }

            try
            {
                return await load().ConfigureAwait(false);
            }
            finally
            {
                // Released explicitly: a pooled connection keeps its session (and the lock) until it is reused.
                await SnapshotSession.ExecuteAsync(guard, "DO RELEASE_LOCK('serverless-restore')", [], CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
