using Microsoft.Extensions.Logging;
using MySqlConnector;

namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// Puts several connections on one InnoDB snapshot whose binlog coordinates are exact.
/// </summary>
/// <remarks>
/// <c>START TRANSACTION WITH CONSISTENT SNAPSHOT</c> makes MariaDB record, in the session's
/// <c>binlog_snapshot_file</c>/<c>binlog_snapshot_position</c> status, the binlog position matching that
/// transaction's view. Each worker gets its own view, so they are only the same view if no transaction
/// committed in between: commits are blocked for that moment on a control connection
/// (<c>BACKUP STAGE BLOCK_COMMIT</c>, which needs RELOAD; else <c>FLUSH TABLES WITH READ LOCK</c>), and
/// every worker's coordinates are compared. Tried on 10.11: an INSERT waits on BLOCK_COMMIT while
/// <c>START TRANSACTION WITH CONSISTENT SNAPSHOT</c> goes through and reports the position before it.
/// Without either lock one worker reads everything: sessions started at the same moment and reporting the same
/// binlog position were seen (10.11, under write load, about once in 40 dumps) to read different views, and the
/// restore then missed a transaction in some tables and not in others.
/// </remarks>
internal static partial class ConsistentSnapshotStarter
{
    /// <summary>Starts the snapshot on <paramref name="workers"/>; returns its coordinates and how many workers share it (a prefix of the list).</summary>
    public static async Task<(BinlogCoordinates Position, int Workers)> StartAsync(
        MySqlConnection control,
        IReadOnlyList<MySqlConnection> workers,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var release = workers.Count == 1 ? null : await BlockCommitsAsync(control, logger, cancellationToken).ConfigureAwait(false);
        if (release is null)
        {
            if (workers.Count > 1)
            {
                LogSingleWorker(logger, control.DataSource);
            }

            var single = await StartOneAsync(workers[0], cancellationToken).ConfigureAwait(false);
            return (await WithGtidAsync(control, single, cancellationToken).ConfigureAwait(false), 1);
        }

        (string File, long Position)[] positions;
        try
        {
            positions = await Task.WhenAll(workers.Select(w => StartOneAsync(w, cancellationToken))).ConfigureAwait(false);
        }
        finally
        {
            await SnapshotSession.ExecuteAsync(control, release, [], cancellationToken).ConfigureAwait(false);
        }

        if (positions.All(p => p == positions[0]))
        {
            return (await WithGtidAsync(control, positions[0], cancellationToken).ConfigureAwait(false), workers.Count);
        }

        var seen = string.Join(", ", positions.Select(p => $"{p.File}:{p.Position}"));
        throw new SnapshotConsistencyException(
            $"The dump's {workers.Count} connections to {SnapshotSession.Endpoint(control)} started their snapshots at different binlog positions ({seen}) although commits were blocked. "
            + "Something committed past the lock; run the dump again, or with Parallelism = 1.");
    }

    /// <summary>Blocks commits on <paramref name="control"/>; returns the statement that releases them, or null when the account may not.</summary>
    private static async Task<string?> BlockCommitsAsync(MySqlConnection control, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            await SnapshotSession.ExecuteAsync(control, "BACKUP STAGE START", [], cancellationToken).ConfigureAwait(false);
            try
            {
                await SnapshotSession.ExecuteAsync(control, "BACKUP STAGE BLOCK_COMMIT", [], cancellationToken).ConfigureAwait(false);
                return "BACKUP STAGE END";
            }
            catch
            {
                await SnapshotSession.ExecuteAsync(control, "BACKUP STAGE END", [], cancellationToken).ConfigureAwait(false);
                throw;
            }
        }
        catch (MySqlException ex) when (IsNotPermitted(ex))
        {
            LogLockRefused(logger, "BACKUP STAGE", control.DataSource, (int)ex.ErrorCode);
        }

        try
        {
            await SnapshotSession.ExecuteAsync(control, "FLUSH TABLES WITH READ LOCK", [], cancellationToken).ConfigureAwait(false);
            return "UNLOCK TABLES";
        }
        catch (MySqlException ex) when (IsNotPermitted(ex))
        {
            LogLockRefused(logger, "FLUSH TABLES WITH READ LOCK", control.DataSource, (int)ex.ErrorCode);
            return null;
        }
    }

    private static bool IsNotPermitted(MySqlException ex) =>
        SnapshotSession.IsServerError(ex)
        && ex.ErrorCode is MySqlErrorCode.SpecifiedAccessDeniedError or MySqlErrorCode.DatabaseAccessDenied or MySqlErrorCode.AccessDenied or MySqlErrorCode.ParseError;

    private static async Task<(string File, long Position)> StartOneAsync(MySqlConnection worker, CancellationToken cancellationToken)
    {
        await SnapshotSession.ExecuteAsync(worker, "START TRANSACTION WITH CONSISTENT SNAPSHOT", [], cancellationToken).ConfigureAwait(false);
        var rows = await SnapshotSession.ReadRowsAsync(worker, "SHOW SESSION STATUS LIKE 'binlog_snapshot_%'", [], cancellationToken).ConfigureAwait(false);
        var file = rows.FirstOrDefault(r => string.Equals(r[0], "Binlog_snapshot_file", StringComparison.OrdinalIgnoreCase))?[1] ?? string.Empty;
        var position = rows.FirstOrDefault(r => string.Equals(r[0], "Binlog_snapshot_position", StringComparison.OrdinalIgnoreCase))?[1];
        return (file, long.TryParse(position, System.Globalization.CultureInfo.InvariantCulture, out var p) ? p : 0);
    }

    private static async Task<BinlogCoordinates> WithGtidAsync(MySqlConnection control, (string File, long Position) position, CancellationToken cancellationToken)
    {
        if (position.File.Length == 0)
        {
            return new BinlogCoordinates(string.Empty, 0, string.Empty);
        }

        var rows = await SnapshotSession.ReadRowsAsync(control, "SELECT BINLOG_GTID_POS(?, ?)", [position.File, position.Position], cancellationToken).ConfigureAwait(false);
        var text = rows[0][0] ?? string.Empty;
        return new BinlogCoordinates(position.File, position.Position, text);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Lock} is not permitted on {Server} (error {ErrorCode}); trying the next way to align the dump's snapshots.")]
    private static partial void LogLockRefused(ILogger logger, string @lock, string server, int errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The dump's account on {Server} can neither BACKUP STAGE nor FLUSH TABLES WITH READ LOCK (grant RELOAD to dump in parallel); dumping over one connection.")]
    private static partial void LogSingleWorker(ILogger logger, string server);
}
