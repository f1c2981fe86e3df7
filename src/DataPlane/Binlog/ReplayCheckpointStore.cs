using System.Globalization;
using MySqlConnector;
using Serverless.Binlog;
using Serverless.DataPlane.Snapshots;

namespace Serverless.DataPlane.Binlog;

/// <summary>
/// The progress of checkpointed replays on the target: one row per replay in <c>dbaas_load_progress.replay</c>, beside
/// the load's steps and removed with them (<see cref="SnapshotLoadProgress.CompleteAsync"/>).
/// </summary>
/// <remarks>
/// The row is updated by the statement that commits each event group, in the group's own transaction (sent in one
/// command with its COMMIT), so it names exactly the groups whose changes are in: a resumed replay applies every group
/// once. A DDL group commits by itself; its row is updated by the next statement, right after it (a host killed in
/// between repeats that one statement: the one exception, see docs/backup-format.md).
/// </remarks>
internal static class ReplayCheckpointStore
{
    private const string Table = $"`{SnapshotLoadProgress.Database}`.`{SnapshotLoadProgress.ReplayTable}`";

    /// <summary>How long a resumed replay waits for the session of an earlier attempt to end once killed.</summary>
    private static readonly TimeSpan EarlierReplayPatience = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Prepares <paramref name="connection"/> (the replay's session) to continue <paramref name="checkpoint"/>: ends the
    /// session of an earlier attempt that may still be applying a group (its host was killed, the server has not noticed),
    /// then claims the replay for this session and returns where it stands.
    /// </summary>
    public static async Task<ReplayResumePoint> BeginAsync(MySqlConnection connection, ReplayCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        await SnapshotSession.ExecuteAsync(connection, $"CREATE DATABASE IF NOT EXISTS `{SnapshotLoadProgress.Database}`", [], cancellationToken).ConfigureAwait(false);
        await SnapshotSession.ExecuteAsync(
            connection,
            $"CREATE TABLE IF NOT EXISTS {Table} (load_id VARCHAR(200) NOT NULL, replay VARCHAR(40) NOT NULL, session BIGINT UNSIGNED NOT NULL, "
            + "set_index INT NOT NULL, artifact_index INT NOT NULL, groups_in_artifact BIGINT NOT NULL, transactions BIGINT NOT NULL, "
            + "applied VARCHAR(4000) NOT NULL, last_gtid VARCHAR(100) NULL, last_event_at BIGINT NULL, finished TINYINT NOT NULL, stopped TINYINT NOT NULL, "
            + "PRIMARY KEY (load_id, replay)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
            [],
            cancellationToken).ConfigureAwait(false);

        var earlier = await SnapshotSession.ReadRowsAsync(connection, $"SELECT session FROM {Table} WHERE load_id = ? AND replay = ?", [checkpoint.LoadId, checkpoint.Name], cancellationToken).ConfigureAwait(false);
        if (earlier.Count > 0)
        {
            await EndSessionAsync(connection, ulong.Parse(earlier[0][0]!, CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        }

        await SnapshotSession.ExecuteAsync(
            connection,
            $"INSERT INTO {Table} (load_id, replay, session, set_index, artifact_index, groups_in_artifact, transactions, applied, finished, stopped) "
            + "VALUES (?, ?, CONNECTION_ID(), 0, 0, 0, 0, '', 0, 0) ON DUPLICATE KEY UPDATE session = CONNECTION_ID()",
            [checkpoint.LoadId, checkpoint.Name],
            cancellationToken).ConfigureAwait(false);
        var row = (await SnapshotSession.ReadRowsAsync(
            connection,
            $"SELECT set_index, artifact_index, groups_in_artifact, transactions, applied, last_gtid, last_event_at, finished, stopped FROM {Table} WHERE load_id = ? AND replay = ?",
            [checkpoint.LoadId, checkpoint.Name],
            cancellationToken).ConfigureAwait(false))[0];
        return new ReplayResumePoint(
            int.Parse(row[0]!, CultureInfo.InvariantCulture),
            int.Parse(row[1]!, CultureInfo.InvariantCulture),
            long.Parse(row[2]!, CultureInfo.InvariantCulture),
            long.Parse(row[3]!, CultureInfo.InvariantCulture),
            MariaDbGtid.ParsePosition(row[4]!),
            row[5] is { } gtid ? MariaDbGtid.Parse(gtid) : null,
            row[6] is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(seconds, CultureInfo.InvariantCulture)) : null,
            Finished: row[7] != "0",
            Stopped: row[8] != "0");
    }

    /// <summary>The statement recording <paramref name="point"/>; run in the transaction of the group it counts.</summary>
    public static string RecordSql(ReplayCheckpoint checkpoint, ReplayResumePoint point) => string.Create(
        CultureInfo.InvariantCulture,
        $"UPDATE {Table} SET set_index = {point.Set}, artifact_index = {point.Artifact}, groups_in_artifact = {point.GroupsInArtifact}, transactions = {point.Transactions}, "
        + $"applied = {SqlText.QuoteString(MariaDbGtid.FormatPosition(point.Applied))}, last_gtid = {(point.LastGtid is { } gtid ? SqlText.QuoteString(gtid.ToString()) : "NULL")}, "
        + $"last_event_at = {(point.LastEventAt is { } at ? at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : "NULL")}, "
        + $"finished = {(point.Finished ? 1 : 0)}, stopped = {(point.Stopped ? 1 : 0)} "
        + $"WHERE load_id = {SqlText.QuoteString(checkpoint.LoadId)} AND replay = {SqlText.QuoteString(checkpoint.Name)}");

    /// <summary>
    /// Ends session <paramref name="session"/> if it still exists: a killed group rolls back with its row update, so the
    /// row read after it is gone is final.
    /// </summary>
    private static async Task EndSessionAsync(MySqlConnection connection, ulong session, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + EarlierReplayPatience;
        // SHOW PROCESSLIST (Id first), never a query on information_schema.PROCESSLIST: see SnapshotSession.ReadCatalogRowsAsync.
        var id = session.ToString(CultureInfo.InvariantCulture);
        while (session != (ulong)connection.ServerThread
            && (await SnapshotSession.ReadRowsAsync(connection, "SHOW PROCESSLIST", [], cancellationToken).ConfigureAwait(false)).Any(row => row[0] == id))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException(
                    $"An earlier attempt's replay session {session} on {SnapshotSession.Endpoint(connection)} is still running {EarlierReplayPatience.TotalSeconds:0} s after it was killed; try again later.");
            }

            try
            {
                await SnapshotSession.ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture, $"KILL CONNECTION {session}"), [], cancellationToken).ConfigureAwait(false);
            }
            catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.NoSuchThread)
            {
                // Ended by itself meanwhile.
            }

            // A killed transaction rolls back before its session goes; poll until it has.
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }
}
