namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// Lets loads into one table run one at a time until one of them has committed rows into it, then all at once.
/// </summary>
/// <remarks>
/// MariaDB (10.6 and later) runs an insert into an empty InnoDB table, in a session with <c>unique_checks = 0</c> and
/// <c>foreign_key_checks = 0</c> as a load's are, as a bulk insert that takes the table's exclusive lock. Two
/// transactions that both start on the still empty table (two workers taking its first two chunks at the same moment)
/// each hold the table's intention lock while asking for the exclusive one, and the server ends one of them as a
/// deadlock (error 1213): the load failed. Measured on 10.11: 3 deadlocks in 200 such starts on a busy 2-core machine,
/// more on an idle one. The bulk insert makes the second wait for the first anyway, so letting the first go alone costs
/// no parallelism.
/// </remarks>
#pragma warning disable CA1001 // The semaphore's wait handle is never created, so it holds nothing to dispose.
internal sealed class EmptyTableGate(bool hasRows)
#pragma warning restore CA1001
{
    private readonly SemaphoreSlim _first = new(1, 1);
    private volatile bool _hasRows = hasRows;

    /// <summary>Runs <paramref name="load"/> (which commits and returns the rows it loaded) once the table may take it.</summary>
    public async Task<int> LoadAsync(Func<Task<int>> load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (!_hasRows)
        {
            await _first.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!_hasRows)
                {
                    var rows = await load().ConfigureAwait(false);
                    _hasRows = rows > 0;
                    return rows;
                }
            }
            finally
            {
                _first.Release();
            }
        }

        return await load().ConfigureAwait(false);
    }
}
