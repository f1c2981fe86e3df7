using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Serverless.Binlog;
using Serverless.Binlog.Events;
using Serverless.DataPlane.Binlog;
using Serverless.Storage.Artifacts;
using Serverless.Storage.Documents;

namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// Takes a consistent logical snapshot in steps that each do a bounded amount of work and can be interrupted at any
/// moment (docs/backup-format.md, "Resumable full backups").
/// </summary>
/// <remarks>
/// <para>
/// Each chunk (planned as <see cref="SnapshotDumper"/> plans them) is read in a snapshot of its own, whose binlog
/// coordinates are recorded with the stored chunk in the set's progress document (<c>dump.json</c>, replaced under
/// its ETag). A step stores chunks until its <see cref="SnapshotDumpOptions.StepBudget"/> is spent and returns; an
/// interrupted step loses only the chunks it was reading. After the last chunk, the binlog from the earliest chunk's
/// coordinates to the source's position then is captured as a catch-up segment (<see cref="SegmentCapturer"/>,
/// itself resumable), and the manifest, written last, records that end as the snapshot's coordinates.
/// </para>
/// <para>
/// A load replays the catch-up idempotently after the chunks (see <see cref="ChainRestorer"/>): rows read at
/// different moments all reach the end coordinates; for each table the changes its chunks already hold are
/// skipped, so a table read in one chunk (any table without an integer key, among them every table without a
/// primary key) is replayed exactly. A schema or account change in the catch-up range fails the dump: rows and
/// definitions that never coexisted are never recorded as one snapshot.
/// </para>
/// </remarks>
public sealed partial class ResumableSnapshotDumper
{
    private readonly ArtifactStore _store;
    private readonly ILogger _logger;

    /// <summary>Creates a dumper writing into <paramref name="store"/>.</summary>
    public ResumableSnapshotDumper(ArtifactStore store, ILogger<ResumableSnapshotDumper>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Runs one step of the dump of <paramref name="source"/> into set <paramref name="setId"/>: plans it (the first
    /// step), stores chunks until the step budget is spent, and once every chunk is stored captures the catch-up and
    /// completes the set. A step of a set already complete returns its summary. Two deliveries of a step at once run
    /// one after the other (a server lock on the source).
    /// </summary>
    /// <exception cref="ArgumentException">A requested database does not exist, or a property uses a reserved <c>snapshot.</c> key.</exception>
    /// <exception cref="SnapshotConsistencyException">The schema changed during the dump, or the source has no binary log.</exception>
    /// <exception cref="SegmentCaptureException">The catch-up binlog was purged, or holds a statement a snapshot cannot span.</exception>
    /// <exception cref="ResumableDumpUnsupportedException">The databases have foreign keys (checked when the dump is planned); nothing was written.</exception>
    public async Task<ResumableDumpStep> DumpStepAsync(ServerConnection source, string setId, SnapshotDumpOptions options, CancellationToken cancellationToken)
    {
        return await SnapshotDumper.OnceAsync(
            _store,
            source,
            setId,
            options,
            existing => new ResumableDumpStep(existing, 0, 0, 0),
            () => StepLockedAsync(source, setId, options, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<ResumableDumpStep> StepLockedAsync(ServerConnection source, string setId, SnapshotDumpOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var documents = new BlobDocumentStore(_store.Container);
        var key = SnapshotFormat.ProgressBlob(setId);
        var (state, etag) = await ReadOrPlanAsync(source, documents, key, options, cancellationToken).ConfigureAwait(false);

        var pending = state.Chunks.Where(c => c.Artifact is null).ToList();
        var dumped = 0;
        if (pending.Count > 0)
        {
            var tables = state.Tables.ToDictionary(t => t.Index);
            var tracker = new SnapshotProgressTracker(options.Progress, state.Tables.Sum(t => t.EstimatedRows));
            tracker.Add(state.Chunks.Sum(c => c.Rows), 0);
            var writer = new ArtifactSetWriter(_store, setId, state.StartedAt);
            using var recording = new SemaphoreSlim(1, 1);
            await SnapshotWorkers.RunAsync(
                pending,
                Math.Clamp(pending.Count, 1, options.Parallelism),
                async (_, queue, token) =>
                {
                    var worker = await SnapshotSession.OpenAsync(source, SnapshotSession.DumpSettings, token).ConfigureAwait(false);
                    await using (worker.ConfigureAwait(false))
                    {
                        // Every step stores at least one chunk, however long planning took, so that steps always progress.
                        while ((Volatile.Read(ref dumped) == 0 || options.StepBudget is not { } budget || clock.Elapsed < budget) && queue.TryDequeue(out var chunk))
                        {
                            var (position, _) = await ConsistentSnapshotStarter.StartAsync(worker, [worker], _logger, token).ConfigureAwait(false);
                            if (position.File.Length == 0)
                            {
                                throw new SnapshotConsistencyException(
                                    $"The server at {source.Endpoint} has no binary log: a resumable dump replays the binlog from its first chunk to bring every chunk to one point. Enable log_bin, or dump in one snapshot.");
                            }

                            var stored = await SnapshotDumper.DumpChunkAsync(worker, writer, new SnapshotDumper.ChunkJob(tables[chunk.Table], chunk.Chunk, chunk.Where), tracker, token).ConfigureAwait(false);
                            await SnapshotSession.ExecuteAsync(worker, "COMMIT", [], token).ConfigureAwait(false);
                            var artifact = writer.Artifacts.Single(a => a.Name == stored.Artifact);
                            // A chunk stored is recorded even if the step is being stopped: its work is not lost.
                            await recording.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                            try
                            {
                                state = state with
                                {
                                    Chunks = [.. state.Chunks.Select(c => c.Table == chunk.Table && c.Chunk == chunk.Chunk ? c with { Artifact = artifact, Rows = stored.Rows, Position = position } : c)],
                                };
                                etag = await documents.ReplaceAsync(key, Serialize(state), etag, CancellationToken.None).ConfigureAwait(false);
                                Interlocked.Increment(ref dumped);
                            }
                            finally
                            {
                                recording.Release();
                            }
                        }
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }

        var stored = state.Chunks.Count(c => c.Artifact is not null);
        if (stored < state.Chunks.Count)
        {
            LogStepEnded(_logger, setId, dumped, stored, state.Chunks.Count);
            return new ResumableDumpStep(null, dumped, stored, state.Chunks.Count)
            {
                Progress = new SnapshotProgress(state.Chunks.Sum(c => c.Rows), state.Tables.Sum(t => t.EstimatedRows), state.Chunks.Sum(c => c.Artifact?.OriginalBytes ?? 0)),
            };
        }

        var summary = await CompleteAsync(source, setId, state, options, cancellationToken).ConfigureAwait(false);
        return new ResumableDumpStep(summary, dumped, stored, state.Chunks.Count);
    }

    private async Task<(ResumableDumpState State, Azure.ETag ETag)> ReadOrPlanAsync(
        ServerConnection source, BlobDocumentStore documents, string key, SnapshotDumpOptions options, CancellationToken cancellationToken)
    {
        if (await documents.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            var recorded = JsonSerializer.Deserialize(existing.Value.ToMemory().Span, SnapshotJsonContext.Default.ResumableDumpState)
                ?? throw new ArtifactFormatException(key, null, $"The dump progress '{key}' is empty.");
            var stored = recorded.Chunks.Count(c => c.Artifact is not null);
            LogResumed(_logger, key, stored, recorded.Chunks.Count);
            return (recorded, existing.ETag);
        }

        var control = await SnapshotSession.OpenAsync(source, SnapshotSession.DumpSettings, cancellationToken).ConfigureAwait(false);
        await using (control.ConfigureAwait(false))
        {
            var databases = await SnapshotCatalog.ListDatabasesAsync(control, options.Databases, cancellationToken).ConfigureAwait(false);
            foreach (var database in databases)
            {
                var keys = await SnapshotSession.ReadCatalogRowsAsync(
                    control, "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?", [database], cancellationToken).ConfigureAwait(false);
                if (keys[0][0] != "0")
                {
                    throw new ResumableDumpUnsupportedException(
                        $"Database '{database}' has foreign keys, which a resumable dump's catch-up replay cannot bring to one point yet (measured on MariaDB 10.11: rows events apply the source's foreign-key checks whatever the session says); dump it in one snapshot.");
                }
            }

            var tables = await SnapshotCatalog.PlanTablesAsync(control, databases, cancellationToken).ConfigureAwait(false);
            var definitions = await SnapshotCatalog.ReadDefinitionsAsync(control, tables, cancellationToken).ConfigureAwait(false);
            var chunks = new List<ResumableChunkState>();
            var uniquelyKeyed = await UniquelyKeyedTablesAsync(control, databases, cancellationToken).ConfigureAwait(false);
            foreach (var table in tables.OrderByDescending(t => t.EstimatedRows))
            {
                // The idempotent catch-up converges rows read at different moments only when the primary key is a row's
                // one identity: a replayed write that collides with a newer row on another unique key would overwrite
                // that row. Such a table is read in one chunk, and replayed exactly from its own position.
                var clauses = uniquelyKeyed.Contains(TableKey(table.Database, table.Name))
                    ? [string.Empty]
                    : await SnapshotCatalog.PlanChunksAsync(control, table, options.ChunkRows, cancellationToken).ConfigureAwait(false);
                chunks.AddRange(clauses.Select((where, i) => new ResumableChunkState(table.Index, i, where)));
            }

            var state = new ResumableDumpState
            {
                StartedAt = _store.Options.TimeProvider.GetUtcNow(),
                Databases = databases,
                Tables = tables,
                Definitions = definitions,
                Chunks = chunks,
            };

            // A step is never delivered twice at once here (the server lock), so the first plan is the only one.
            var etag = await documents.CreateAsync(key, Serialize(state), cancellationToken).ConfigureAwait(false);
            LogPlanned(_logger, key, tables.Count, chunks.Count);
            return (state, etag);
        }
    }

    /// <summary>The tables (<see cref="TableKey"/>) with a unique key besides the primary key.</summary>
    private static async Task<HashSet<string>> UniquelyKeyedTablesAsync(MySqlConnection control, IReadOnlyList<string> databases, CancellationToken cancellationToken)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        foreach (var database in databases)
        {
            var rows = await SnapshotSession.ReadCatalogRowsAsync(
                control,
                "SELECT DISTINCT TABLE_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND NON_UNIQUE = 0 AND INDEX_NAME <> 'PRIMARY'",
                [database],
                cancellationToken).ConfigureAwait(false);
            tables.UnionWith(rows.Select(r => TableKey(database, r[0]!)));
        }

        return tables;
    }

    private async Task<SnapshotSummary> CompleteAsync(ServerConnection source, string setId, ResumableDumpState state, SnapshotDumpOptions options, CancellationToken cancellationToken)
    {
        // The binlog from the earliest chunk's snapshot to the source's position now brings every chunk to that end.
        var positions = state.Chunks.Select(c => c.Position!).ToList();
        var earliest = positions.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Position).First();
        var capturer = new SegmentCapturer(_store, _logger as ILogger<SegmentCapturer>);
        var catchupId = SnapshotFormat.CatchupSetId(setId);
        var catchup = await capturer.CaptureAsync(
            source, catchupId, setId, earliest, new SegmentCaptureOptions { StatementRefusal = RefuseInSnapshot }, cancellationToken).ConfigureAwait(false);

        // Per table, the GTID position all its chunks hold: per replication domain, the lowest of its chunks'.
        var tablePositions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in state.Tables)
        {
            var common = state.Chunks.Where(c => c.Table == table.Index)
                .Select(c => MariaDbGtid.ParsePosition(c.Position!.GtidSet).ToDictionary(g => g.DomainId))
                .Aggregate((a, b) => a.Keys.Intersect(b.Keys).ToDictionary(d => d, d => a[d].SequenceNumber <= b[d].SequenceNumber ? a[d] : b[d]));
            tablePositions[TableKey(table.Database, table.Name)] = MariaDbGtid.FormatPosition(common.Values.OrderBy(g => g.DomainId));
        }

        var writer = new ArtifactSetWriter(_store, setId, state.StartedAt);
        foreach (var chunk in state.Chunks)
        {
            writer.Add(chunk.Artifact!);
        }

        var control = await SnapshotSession.OpenAsync(source, SnapshotSession.DumpSettings, cancellationToken).ConfigureAwait(false);
        await using (control.ConfigureAwait(false))
        {
            var manifest = await SnapshotDumper.CompleteSetAsync(
                control,
                writer,
                state.Databases,
                state.Tables,
                state.Definitions,
                table => [.. state.Chunks.Where(c => c.Table == table).OrderBy(c => c.Chunk).Select(c => new SnapshotChunk(c.Artifact!.Name, c.Rows))],
                catchup.End,
                options,
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    [SnapshotFormat.CatchupSetKey] = catchupId,
                    [SnapshotFormat.TablePositionsKey] = JsonSerializer.Serialize(tablePositions, SnapshotJsonContext.Default.DictionaryStringString),
                },
                cancellationToken).ConfigureAwait(false);
            var summary = SnapshotSummary.FromManifest(manifest);
            options.Progress?.Report(new SnapshotProgress(summary.Rows, summary.Rows, summary.OriginalBytes));
            LogCompleted(_logger, setId, state.Chunks.Count, earliest.GtidSet, catchup.End.GtidSet, catchup.Transactions);
            return summary;
        }
    }

    /// <summary>The set holding the catch-up segment of a resumable dump into <paramref name="setId"/>: deleted with it.</summary>
    public static string CatchupSetId(string setId) => SnapshotFormat.CatchupSetId(setId);

    /// <summary>The key of a table in <see cref="SnapshotSummary.TablePositions"/>.</summary>
    internal static string TableKey(string database, string table) => $"{database}.{table}";

    /// <summary>
    /// Why a statement in the catch-up range breaks the snapshot, or null: schema and account changes would pair rows
    /// or accounts with definitions that never coexisted; transaction control and maintenance statements change nothing.
    /// </summary>
    private static string? RefuseInSnapshot(QueryEvent query)
    {
        var text = Encoding.UTF8.GetString(query.StatementBytes.Span).TrimStart();
        var first = text.Split((char[])[' ', '\t', '\r', '\n', ';', '/'], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToUpperInvariant() ?? string.Empty;
        if (first is "BEGIN" or "COMMIT" or "ROLLBACK" or "XA" or "SAVEPOINT" or "FLUSH" or "ANALYZE")
        {
            return null;
        }

        var shown = text.Length > 80 ? text[..80] + "…" : text;
        return $"The source ran a schema or account change while the backup was read ({shown}): its chunks and definitions would not form one snapshot, so the backup was not completed. Take the backup again once the change is done.";
    }

    private static BinaryData Serialize(ResumableDumpState state) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(state, SnapshotJsonContext.Default.ResumableDumpState));

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Resumable dump {Progress}: planned {Tables} tables in {Chunks} chunks")]
    private static partial void LogPlanned(ILogger logger, string progress, int tables, int chunks);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Resumable dump {Progress}: continuing with {Stored} of {Chunks} chunks stored")]
    private static partial void LogResumed(ILogger logger, string progress, int stored, int chunks);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Resumable dump of set {SetId}: this step stored {Dumped} chunks, {Stored} of {Chunks} stored; more to do")]
    private static partial void LogStepEnded(ILogger logger, string setId, int dumped, int stored, int chunks);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Resumable dump of set {SetId} complete: {Chunks} chunks, catch-up from GTID {From} to {To} ({Transactions} transactions)")]
    private static partial void LogCompleted(ILogger logger, string setId, int chunks, string from, string to, long transactions);
}
