using System.Globalization;
using MySqlConnector;

namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// What a load has finished, recorded on the target itself so that a load that runs again after its host was killed
/// continues instead of starting over: one row per step in <c>dbaas_load_progress.steps</c>, keyed by the load's id.
/// A chunk's row is inserted in the transaction that loads the chunk, so it is recorded exactly when its rows are in;
/// the schema step says the databases and tables were created (and whether secondary indexes were deferred); an
/// indexes step says a table's deferred indexes were added. The rows are removed when the load completes, or, when a
/// replay follows it (<see cref="SnapshotLoadOptions.CompletedByCaller"/>), a loaded step is recorded and the rows stay
/// until the replay, which records its own progress beside them (<see cref="ReplayTable"/>), is done too.
/// </summary>
internal static class SnapshotLoadProgress
{
    /// <summary>The database holding the progress of loads on a target; never dumped, listed or restored (see <see cref="SqlText.SystemDatabases"/>).</summary>
    public const string Database = "dbaas_load_progress";

    public const string SchemaStep = "schema";

    /// <summary>The step recorded when the whole load is done and a replay follows: a run after an interruption does not load again.</summary>
    public const string LoadedStep = "loaded";

    /// <summary>The table where replays after a load record the last event group they committed (Binlog.ReplayCheckpointStore).</summary>
    public const string ReplayTable = "replay";

    private const string Table = $"`{Database}`.`steps`";

    /// <summary>The step recorded when a chunk's rows are committed.</summary>
    public static string ChunkStep(string artifact) => "chunk/" + artifact;

    /// <summary>The step recorded when a table's deferred secondary indexes are added.</summary>
    public static string IndexesStep(string database, string table) => $"indexes/{database}/{table}";

    /// <summary>The steps of load <paramref name="loadId"/> recorded so far, with the value each recorded (rows for a chunk).</summary>
    public static async Task<Dictionary<string, long>> ReadAsync(MySqlConnection control, string loadId, CancellationToken cancellationToken)
    {
        var exists = await SnapshotSession.ReadCatalogRowsAsync(
            control, "SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = 'steps'", [Database], cancellationToken).ConfigureAwait(false);
        if (exists.Count == 0)
        {
            return new Dictionary<string, long>(StringComparer.Ordinal);
        }

        var rows = await SnapshotSession.ReadRowsAsync(control, $"SELECT step, value FROM {Table} WHERE load_id = ?", [loadId], cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(r => r[0]!, r => long.Parse(r[1]!, CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    /// <summary>Forgets load <paramref name="loadId"/>'s steps (a fresh start), creating the progress table if needed.</summary>
    public static async Task ResetAsync(MySqlConnection control, string loadId, CancellationToken cancellationToken)
    {
        await SnapshotSession.ExecuteAsync(control, $"CREATE DATABASE IF NOT EXISTS `{Database}`", [], cancellationToken).ConfigureAwait(false);
        await SnapshotSession.ExecuteAsync(
            control,
            $"CREATE TABLE IF NOT EXISTS {Table} (load_id VARCHAR(200) NOT NULL, step VARCHAR(500) NOT NULL, value BIGINT NOT NULL, PRIMARY KEY (load_id, step)) "
            + "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
            [],
            cancellationToken).ConfigureAwait(false);
        await SnapshotSession.ExecuteAsync(control, $"DELETE FROM {Table} WHERE load_id = ?", [loadId], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records a step, in the connection's current transaction if it has one.</summary>
    public static Task RecordAsync(MySqlConnection connection, MySqlTransaction? transaction, string loadId, string step, long value, CancellationToken cancellationToken)
    {
        var command = new MySqlCommand($"INSERT INTO {Table} (load_id, step, value) VALUES (@load, @step, @value)", connection, transaction);
        command.Parameters.AddWithValue("@load", loadId);
        command.Parameters.AddWithValue("@step", step);
        command.Parameters.AddWithValue("@value", value);
        return ExecuteAndDisposeAsync(command, cancellationToken);
    }

    /// <summary>Removes load <paramref name="loadId"/>'s steps and replay progress, and the progress database once no load has any.</summary>
    public static async Task CompleteAsync(MySqlConnection control, string loadId, CancellationToken cancellationToken)
    {
        var tables = await SnapshotSession.ReadCatalogRowsAsync(
            control, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN ('steps', ?)", [Database, ReplayTable], cancellationToken).ConfigureAwait(false);
        long left = 0;
        foreach (var table in tables.Select(t => $"`{Database}`.`{t[0]}`"))
        {
            await SnapshotSession.ExecuteAsync(control, $"DELETE FROM {table} WHERE load_id = ?", [loadId], cancellationToken).ConfigureAwait(false);
            left += long.Parse((await SnapshotSession.ReadRowsAsync(control, $"SELECT COUNT(*) FROM {table}", [], cancellationToken).ConfigureAwait(false))[0][0]!, CultureInfo.InvariantCulture);
        }

        if (left == 0)
        {
            await SnapshotSession.ExecuteAsync(control, $"DROP DATABASE IF EXISTS `{Database}`", [], cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAndDisposeAsync(MySqlCommand command, CancellationToken cancellationToken)
    {
        await using (command.ConfigureAwait(false))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
