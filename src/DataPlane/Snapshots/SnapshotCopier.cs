using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;

namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// Copies a consistent snapshot of one server straight into another, with no artifact set in between: each chunk the
/// dump reads streams through a bounded pipe into the target's <c>LOAD DATA LOCAL</c>. Used to seed a replica, whose
/// replication then starts from the returned coordinates.
/// </summary>
/// <remarks>
/// <para>
/// The rows are read exactly as <see cref="SnapshotDumper"/> reads them (one <c>START TRANSACTION WITH CONSISTENT
/// SNAPSHOT</c> view shared by the workers, with exact binlog coordinates) and loaded as <see cref="SnapshotLoader"/>
/// loads them (databases dropped and created again, secondary indexes added after a table's rows, nothing written to
/// the target's binlog, the target's GTID state left alone). The tables are created from their definitions read before
/// the snapshot; after the rows the definitions are read again and a table changed meanwhile fails the copy, as it
/// fails a dump. Views, routines, triggers, events and accounts are read and created after the rows; sequences are
/// created with their next value as read before the snapshot (a dump reads it after: neither is in the snapshot).
/// </para>
/// <para>
/// A copy cannot resume (the source's snapshot ends with its sessions): a copy run again starts over, first ending
/// whatever sessions of an earlier attempt still load into the target's databases.
/// </para>
/// </remarks>
public sealed partial class SnapshotCopier
{
    private readonly ILogger _logger;

    /// <summary>Creates a copier.</summary>
    public SnapshotCopier(ILogger<SnapshotCopier>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Replaces <paramref name="target"/>'s copies of the source's databases (and, when both option sets include them,
    /// its accounts) with one consistent snapshot of <paramref name="source"/>.
    /// </summary>
    /// <param name="source">The server copied.</param>
    /// <param name="target">The server written; its copies of the databases are dropped first.</param>
    /// <param name="dump">What is read and how (databases, accounts, parallelism: one target session per source worker).</param>
    /// <param name="load">How it is loaded (deferred indexes, accounts, the load's id on the target).</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>The snapshot's binlog coordinates and GTID position: where replication from the source continues.</returns>
    /// <exception cref="SnapshotConsistencyException">The connections could not share one snapshot, or the schema changed during the copy.</exception>
    /// <exception cref="SnapshotRowCountMismatchException">The target took other than the rows read for a chunk.</exception>
    /// <exception cref="SnapshotLoadException">A schema object or account could not be created on the target.</exception>
    /// <exception cref="MySqlException">Either server failed or refused a statement.</exception>
    public async Task<BinlogCoordinates> CopyAsync(ServerConnection source, ServerConnection target, SnapshotDumpOptions dump, SnapshotLoadOptions load, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(dump);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentOutOfRangeException.ThrowIfLessThan(dump.Parallelism, 1, nameof(dump));
        ArgumentOutOfRangeException.ThrowIfLessThan(dump.ChunkRows, 1, nameof(dump));

        // Errors name the copy where a load names its set.
        var label = $"copy from {source.Endpoint}";
        var loadId = load.LoadId ?? label;
        var control = await SnapshotSession.OpenAsync(source, SnapshotSession.DumpSettings, cancellationToken).ConfigureAwait(false);
        await using (control.ConfigureAwait(false))
        {
            var (databases, tables, definitions, jobs) = await SnapshotDumper.PlanAsync(control, dump, cancellationToken).ConfigureAwait(false);
            var schema = new SnapshotDocument(SnapshotFormat.Version, await ReadDatabasesAsync(control, databases, tables, cancellationToken).ConfigureAwait(false), []);
            LogCopying(_logger, source.Endpoint, target.Endpoint, tables.Count, jobs.Count);

            var targetControl = await SnapshotSession.OpenAsync(target, SnapshotSession.LoadSettings, cancellationToken).ConfigureAwait(false);
            await using (targetControl.ConfigureAwait(false))
            {
                await SnapshotLoader.StopEarlierLoadsAsync(targetControl, label, schema, cancellationToken).ConfigureAwait(false);
                await SnapshotLoadProgress.ResetAsync(targetControl, loadId, cancellationToken).ConfigureAwait(false);
                await SnapshotLoader.CreateTablesAsync(targetControl, label, schema, load.DeferSecondaryIndexes, cancellationToken).ConfigureAwait(false);

                var copies = tables.ToDictionary(
                    t => t.Index,
                    t => new TableCopy(t.Database, schema.Databases.Single(d => d.Name == t.Database).Tables.Single(s => s.Name == t.Name), jobs.Count(j => j.Table.Index == t.Index)));
                var tracker = new SnapshotProgressTracker(dump.Progress, tables.Sum(t => t.EstimatedRows));
                var targets = new ConcurrentDictionary<int, MySqlConnection>();
                BinlogCoordinates position;
                try
                {
                    position = await SnapshotDumper.ReadChunksAsync(
                        source,
                        control,
                        jobs,
                        dump.Parallelism,
                        async (index, worker, job, token) =>
                        {
                            // One target session per source worker, opened when the worker takes its first chunk.
                            if (!targets.TryGetValue(index, out var writer))
                            {
                                writer = await SnapshotSession.OpenAsync(target, SnapshotSession.LoadSettings, token).ConfigureAwait(false);
                                targets[index] = writer;
                            }

                            await CopyChunkAsync(worker, writer, job, copies[job.Table.Index], label, loadId, load.DeferSecondaryIndexes, tracker, _logger, token).ConfigureAwait(false);
                        },
                        _logger,
                        cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    foreach (var session in targets.Values)
                    {
                        await session.DisposeAsync().ConfigureAwait(false);
                    }
                }

                var rows = copies.Values.Sum(c => c.Rows);
                LogRowsCopied(_logger, source.Endpoint, target.Endpoint, rows, position.GtidSet);

                // What the rows were read under is checked as a dump checks it; the objects and accounts are read now.
                var entries = await ReadDatabasesAsync(control, databases, tables, cancellationToken).ConfigureAwait(false);
                SnapshotDumper.CheckDefinitions(tables, entries, definitions);
                var includeUsers = dump.IncludeUsers && load.IncludeUsers;
                var users = includeUsers ? await SnapshotCatalog.ReadUsersAsync(control, dump.ExcludedUsers, cancellationToken).ConfigureAwait(false) : [];
                await SnapshotLoader.CreateObjectsAndUsersAsync(targetControl, label, new SnapshotDocument(SnapshotFormat.Version, entries, users), includeUsers, cancellationToken).ConfigureAwait(false);
                await SnapshotLoadProgress.CompleteAsync(targetControl, loadId, cancellationToken).ConfigureAwait(false);
                tracker.Complete(rows);
                return position;
            }
        }
    }

    private static async Task<List<SnapshotDatabase>> ReadDatabasesAsync(
        MySqlConnection control, IReadOnlyList<string> databases, List<SnapshotTablePlan> tables, CancellationToken cancellationToken)
    {
        var entries = new List<SnapshotDatabase>();
        foreach (var database in databases)
        {
            var inDatabase = tables.Where(t => t.Database == database).Select(t => (t, (IReadOnlyList<SnapshotChunk>)[])).ToList();
            entries.Add(await SnapshotCatalog.ReadDatabaseAsync(control, database, inDatabase, cancellationToken).ConfigureAwait(false));
        }

        return entries;
    }

    private static async Task CopyChunkAsync(
        MySqlConnection worker,
        MySqlConnection writer,
        SnapshotDumper.ChunkJob job,
        TableCopy copy,
        string label,
        string loadId,
        bool deferIndexes,
        SnapshotProgressTracker tracker,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var chunk = SnapshotFormat.ChunkArtifact(job.Table.Index, job.Chunk);
        var (read, loaded) = await SnapshotDumper.StreamChunkAsync(
            worker,
            job,
            async (reader, token) =>
            {
                var stream = reader.AsStream();
                await using (stream.ConfigureAwait(false))
                {
                    return await SnapshotLoader.LoadRowsAsync(writer, label, copy.Database, copy.Table, chunk, stream, loadId, logger, token).ConfigureAwait(false);
                }
            },
            tracker,
            cancellationToken).ConfigureAwait(false);
        if (loaded != read.Rows)
        {
            throw new SnapshotRowCountMismatchException(label, copy.Database, copy.Table.Name, read.Rows, loaded);
        }

        if (copy.CompleteChunk(loaded) && deferIndexes && copy.Table.AddSecondaryIndexesSql is { } addIndexes)
        {
            await SnapshotLoader.AddSecondaryIndexesAsync(writer, label, copy.Database, copy.Table.Name, addIndexes, loadId, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Copying a snapshot of {Source} into {Target}: {Tables} tables in {Chunks} chunks.")]
    private static partial void LogCopying(ILogger logger, string source, string target, int tables, int chunks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Copied {Rows} rows from {Source} into {Target} at GTID {GtidSet}.")]
    private static partial void LogRowsCopied(ILogger logger, string source, string target, long rows, string gtidSet);

    /// <summary>A table being copied: rows in and chunks left, shared by the workers copying its chunks.</summary>
    private sealed class TableCopy(string database, SnapshotTable table, int chunks)
    {
        private long _rows;
        private int _chunksLeft = chunks;

        public string Database { get; } = database;

        public SnapshotTable Table { get; } = table;

        public long Rows => Interlocked.Read(ref _rows);

        /// <summary>Counts a chunk's rows in; true for the table's last chunk.</summary>
        public bool CompleteChunk(long rows)
        {
            Interlocked.Add(ref _rows, rows);
            return Interlocked.Decrement(ref _chunksLeft) == 0;
        }
    }
}
