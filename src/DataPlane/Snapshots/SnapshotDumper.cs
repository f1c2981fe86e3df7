using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Snapshots;

/// <summary>Takes a consistent logical snapshot of a server into an artifact set.</summary>
/// <remarks>
/// <para>
/// Every worker connection reads inside one <c>START TRANSACTION WITH CONSISTENT SNAPSHOT</c> view whose
/// binlog coordinates are exact (see <see cref="ConsistentSnapshotStarter"/>). Tables are read as chunks:
/// a table with a single-column integer primary key is split into key ranges of about
/// <see cref="SnapshotDumpOptions.ChunkRows"/> rows; any other table (composite or non-integer key, no
/// key) is one chunk. Each chunk streams from the server into its artifact through a bounded pipe, in
/// LOAD DATA's default text format, so memory stays flat whatever the table size.
/// </para>
/// <para>
/// DDL is read after the rows, outside the snapshot: a table altered or dropped while the dump runs makes
/// the snapshot unusable (the dump fails or the load reports it). Sequences are copied with their next
/// value as read then. Only transactional (InnoDB) tables are consistent with the coordinates; MyISAM or
/// Aria tables written during the dump are not. System-versioned history rows and roles are not copied.
/// </para>
/// </remarks>
public sealed partial class SnapshotDumper
{
    // A duplicate delivery waits for the first run of the dump to end: a dump lasts hours at most.
    private static readonly TimeSpan DuplicateWait = TimeSpan.FromHours(6);

    private readonly ArtifactStore _store;
    private readonly ILogger _logger;

    /// <summary>Creates a dumper writing into <paramref name="store"/>.</summary>
    public SnapshotDumper(ArtifactStore store, ILogger<SnapshotDumper>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Dumps the source into set <paramref name="setId"/> and writes its manifest last. The data of every
    /// table matches <see cref="SnapshotSummary.Position"/> exactly. If the set is already complete (a re-run
    /// after a crash), returns its summary without dumping again.
    /// </summary>
    /// <exception cref="ArgumentException">A requested database does not exist, or a property uses a reserved <c>snapshot.</c> key.</exception>
    /// <exception cref="SnapshotConsistencyException">The connections could not share one snapshot.</exception>
    /// <exception cref="MySqlException">The source failed or refused a statement.</exception>
    /// <exception cref="ArtifactException">The set exists but is not a snapshot's.</exception>
    public async Task<SnapshotSummary> DumpAsync(ServerConnection source, string setId, SnapshotDumpOptions options, CancellationToken cancellationToken)
    {
        return await OnceAsync(
            _store,
            source,
            setId,
            options,
            existing =>
            {
                LogAlreadyComplete(_logger, setId);
                return existing;
            },
            () => DumpLockedAsync(source, setId, options, cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks <paramref name="options"/>, then runs <paramref name="dump"/> unless the set is complete (then returns what
    /// <paramref name="complete"/> makes of its summary), under the set's server lock: a duplicate delivery of a dump (two
    /// at once after a host kill) waits for the first and then finds its progress, rather than writing the same set's
    /// blobs under it. A schema change that the dump's reads ran into fails it as such.
    /// </summary>
    internal static async Task<T> OnceAsync<T>(
        ArtifactStore store, ServerConnection source, string setId, SnapshotDumpOptions options, Func<SnapshotSummary, T> complete, Func<Task<T>> dump, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkRows, 1, nameof(options));
        var reserved = options.Properties?.Keys.FirstOrDefault(k => k.StartsWith("snapshot.", StringComparison.Ordinal));
        if (reserved is not null)
        {
            throw new ArgumentException($"Property '{reserved}' uses the reserved 'snapshot.' prefix; choose another key.", nameof(options));
        }

        if (await SnapshotSummary.TryReadAsync(store, setId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return complete(existing);
        }

        var guard = await ServerLock.AcquireAsync(source, $"serverless-dump:{setId}", DuplicateWait, cancellationToken).ConfigureAwait(false);
        await using (guard.ConfigureAwait(false))
        {
            if (await SnapshotSummary.TryReadAsync(store, setId, cancellationToken).ConfigureAwait(false) is { } completed)
            {
                return complete(completed);
            }

            try
            {
                return await dump().ConfigureAwait(false);
            }
            catch (MySqlException ex) when (ex.ErrorCode is MySqlErrorCode.TableDefinitionChanged or MySqlErrorCode.LockWaitTimeout or MySqlErrorCode.NoSuchTable or MySqlErrorCode.BadFieldError)
            {
                // DDL reached a table the snapshot had not read yet (the server refuses the old snapshot's read), dropped
                // it, or waited on the dump's metadata locks while another of the dump's reads waited behind it.
                throw new SnapshotConsistencyException(DdlDuringDump("a table", ex.Message), ex);
            }
        }
    }

    internal static string DdlDuringDump(string table, string what) =>
        $"The schema changed while the dump read it ({table}: {what}): a schema change (ALTER, DROP, CREATE) ran during the dump, so the set was not completed and no snapshot was recorded. Run the dump again once the schema change is done.";

    private async Task<SnapshotSummary> DumpLockedAsync(ServerConnection source, string setId, SnapshotDumpOptions options, CancellationToken cancellationToken)
    {
        var startedAt = _store.Options.TimeProvider.GetUtcNow();
        var writer = new ArtifactSetWriter(_store, setId, startedAt);
        var control = await SnapshotSession.OpenAsync(source, SnapshotSession.DumpSettings, cancellationToken).ConfigureAwait(false);
        await using (control.ConfigureAwait(false))
        {
            var (databases, tables, definitions, jobs) = await PlanAsync(control, options, cancellationToken).ConfigureAwait(false);
            var chunks = new ConcurrentDictionary<(int Table, int Chunk), SnapshotChunk>();
            var tracker = new SnapshotProgressTracker(options.Progress, tables.Sum(t => t.EstimatedRows));
            var position = await ReadChunksAsync(
                source,
                control,
                jobs,
                options.Parallelism,
                async (_, worker, job, token) => chunks[(job.Table.Index, job.Chunk)] = await DumpChunkAsync(worker, writer, job, tracker, token).ConfigureAwait(false),
                _logger,
                cancellationToken).ConfigureAwait(false);
            LogSnapshotTaken(_logger, setId, position.File, position.Position, position.GtidSet, jobs.Count);

            var manifest = await CompleteSetAsync(control, writer, databases, tables, definitions, table => [.. chunks.Where(c => c.Key.Table == table).OrderBy(c => c.Key.Chunk).Select(c => c.Value)], position, options, null, cancellationToken).ConfigureAwait(false);
            var summary = SnapshotSummary.FromManifest(manifest);
            tracker.Complete(summary.Rows);
            LogDumped(_logger, setId, summary.Tables, summary.Rows, summary.OriginalBytes, summary.StoredBytes);
            return summary;
        }
    }

    /// <summary>
    /// Reads the DDL of everything dumped, checks that no table's definition changed since <paramref name="definitions"/>
    /// were read, and completes the set with its document and the manifest properties (written last).
    /// </summary>
    internal static async Task<ArtifactManifest> CompleteSetAsync(
        MySqlConnection control,
        ArtifactSetWriter writer,
        IReadOnlyList<string> databases,
        IReadOnlyList<SnapshotTablePlan> tables,
        IReadOnlyDictionary<string, string> definitions,
        Func<int, IReadOnlyList<SnapshotChunk>> chunksOf,
        BinlogCoordinates position,
        SnapshotDumpOptions options,
        IReadOnlyDictionary<string, string>? formatProperties,
        CancellationToken cancellationToken)
    {
        var entries = new List<SnapshotDatabase>();
        foreach (var database in databases)
        {
            var inDatabase = tables
                .Where(t => t.Database == database)
                .Select(t => (t, chunksOf(t.Index)))
                .ToList();
            entries.Add(await SnapshotCatalog.ReadDatabaseAsync(control, database, inDatabase, cancellationToken).ConfigureAwait(false));
        }

        CheckDefinitions(tables, entries, definitions);

        var users = options.IncludeUsers
            ? await SnapshotCatalog.ReadUsersAsync(control, options.ExcludedUsers, cancellationToken).ConfigureAwait(false)
            : [];
        var version = formatProperties is null ? SnapshotFormat.Version : SnapshotFormat.ResumableVersion;
        var document = new SnapshotDocument(version, entries, users);
        using (var json = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(document, SnapshotJsonContext.Default.SnapshotDocument)))
        {
            await writer.AddAsync(SnapshotFormat.DocumentArtifact, json, cancellationToken).ConfigureAwait(false);
        }

        var rows = entries.Sum(d => d.Tables.Sum(t => t.Rows));
        foreach (var (key, value) in options.Properties ?? new Dictionary<string, string>())
        {
            writer.Properties[key] = value;
        }

        foreach (var (key, value) in formatProperties ?? new Dictionary<string, string>())
        {
            writer.Properties[key] = value;
        }

        writer.Properties[SnapshotFormat.FormatVersionKey] = version.ToString(CultureInfo.InvariantCulture);
        writer.Properties[SnapshotFormat.BinlogFileKey] = position.File;
        writer.Properties[SnapshotFormat.BinlogPositionKey] = position.Position.ToString(CultureInfo.InvariantCulture);
        writer.Properties[SnapshotFormat.GtidSetKey] = position.GtidSet;
        writer.Properties[SnapshotFormat.DatabasesKey] = JsonSerializer.Serialize([.. databases], SnapshotJsonContext.Default.StringArray);
        writer.Properties[SnapshotFormat.TablesKey] = tables.Count.ToString(CultureInfo.InvariantCulture);
        writer.Properties[SnapshotFormat.RowsKey] = rows.ToString(CultureInfo.InvariantCulture);
        writer.Properties[SnapshotFormat.DataBytesKey] = tables.Sum(t => t.DataBytes).ToString(CultureInfo.InvariantCulture);
        return await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What a snapshot of <paramref name="options"/>' databases reads, planned on the control session before the
    /// snapshot starts: the databases, their tables (with each one's definition, compared after the rows by
    /// <see cref="CheckDefinitions"/>), and the chunks, largest tables first.
    /// </summary>
    internal static async Task<(IReadOnlyList<string> Databases, List<SnapshotTablePlan> Tables, Dictionary<string, string> Definitions, List<ChunkJob> Jobs)> PlanAsync(
        MySqlConnection control, SnapshotDumpOptions options, CancellationToken cancellationToken)
    {
        var databases = await SnapshotCatalog.ListDatabasesAsync(control, options.Databases, cancellationToken).ConfigureAwait(false);
        var tables = await SnapshotCatalog.PlanTablesAsync(control, databases, cancellationToken).ConfigureAwait(false);
        var definitions = await SnapshotCatalog.ReadDefinitionsAsync(control, tables, cancellationToken).ConfigureAwait(false);
        var jobs = new List<ChunkJob>();
        foreach (var table in tables.OrderByDescending(t => t.EstimatedRows))
        {
            var clauses = await SnapshotCatalog.PlanChunksAsync(control, table, options.ChunkRows, cancellationToken).ConfigureAwait(false);
            jobs.AddRange(clauses.Select((where, i) => new ChunkJob(table, i, where)));
        }

        return (databases, tables, definitions, jobs);
    }

    /// <summary>
    /// The rows were read under the definitions seen before the snapshot; the DDL recorded is read after it. A table
    /// changed in between (ALTER, DROP and CREATE) would pair rows and a schema that never coexisted.
    /// </summary>
    internal static void CheckDefinitions(IEnumerable<SnapshotTablePlan> tables, IReadOnlyList<SnapshotDatabase> entries, IReadOnlyDictionary<string, string> definitions)
    {
        foreach (var table in tables)
        {
            var recorded = entries.Single(d => d.Name == table.Database).Tables.Single(t => t.Name == table.Name).CreateSql;
            if (SnapshotCatalog.DefinitionOf(recorded) != definitions[table.QualifiedName])
            {
                throw new SnapshotConsistencyException(DdlDuringDump(table.QualifiedName, "its definition changed"));
            }
        }
    }

    /// <summary>
    /// Opens up to <paramref name="parallelism"/> workers on the source, starts the shared snapshot, and hands every chunk to
    /// <paramref name="readChunk"/> (with the worker's index and session); returns the snapshot's coordinates.
    /// </summary>
    internal static async Task<BinlogCoordinates> ReadChunksAsync(
        ServerConnection source,
        MySqlConnection control,
        List<ChunkJob> jobs,
        int parallelism,
        Func<int, MySqlConnection, ChunkJob, CancellationToken, Task> readChunk,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        parallelism = Math.Clamp(jobs.Count, 1, parallelism);
        var opening = Enumerable.Range(0, parallelism).Select(_ => SnapshotSession.OpenAsync(source, SnapshotSession.DumpSettings, cancellationToken)).ToList();
        try
        {
            var workers = await Task.WhenAll(opening).ConfigureAwait(false);
            var (position, used) = await ConsistentSnapshotStarter.StartAsync(control, workers, logger, cancellationToken).ConfigureAwait(false);
            await SnapshotWorkers.RunAsync(
                jobs,
                used,
                async (index, queue, token) =>
                {
                    var worker = workers[index];
                    while (queue.TryDequeue(out var job))
                    {
                        await readChunk(index, worker, job, token).ConfigureAwait(false);
                    }

                    await SnapshotSession.ExecuteAsync(worker, "COMMIT", [], token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            return position;
        }
        finally
        {
            // Let connections still opening when another failed finish, so that none is left behind.
            await ((Task)Task.WhenAll(opening)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            foreach (var open in opening)
            {
                if (open.IsCompletedSuccessfully)
                {
                    await open.Result.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Dumps one chunk through a bounded pipe into its artifact; returns the artifact and its rows.</summary>
    internal static async Task<SnapshotChunk> DumpChunkAsync(MySqlConnection worker, ArtifactSetWriter writer, ChunkJob job, SnapshotProgressTracker tracker, CancellationToken cancellationToken)
    {
        var name = SnapshotFormat.ChunkArtifact(job.Table.Index, job.Chunk);
        var (read, artifact) = await StreamChunkAsync(worker, job, (reader, token) => UploadAsync(writer, name, reader, token), tracker, cancellationToken).ConfigureAwait(false);
        if (artifact.OriginalBytes != read.Bytes)
        {
            // The upload ended without reading everything (the writer saw it stop reading): never record a short chunk.
            throw new InvalidOperationException(
                $"Chunk '{artifact.Name}' of snapshot set '{writer.SetId}' was stored with {artifact.OriginalBytes:N0} of its {read.Bytes:N0} bytes; the dump stopped.");
        }

        return new SnapshotChunk(artifact.Name, read.Rows);
    }

    /// <summary>
    /// Streams one chunk's rows through a bounded pipe into <paramref name="consume"/> (an upload, or a load into another
    /// server) while they are read; returns the rows and bytes read and what the consumer returned. A consumer that
    /// stops reading stops the read; a read that fails fails the consumer's stream.
    /// </summary>
    internal static async Task<((long Rows, long Bytes) Read, T Consumed)> StreamChunkAsync<T>(
        MySqlConnection worker, ChunkJob job, Func<PipeReader, CancellationToken, Task<T>> consume, SnapshotProgressTracker tracker, CancellationToken cancellationToken)
    {
        // 64 KiB segments: the compressor behind an upload then gets large writes (with 4 KiB ones Brotli spent
        // about a third more CPU and stored more). At most 1 MiB waits in the pipe: memory stays flat.
        var pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, minimumSegmentSize: 64 * 1024, useSynchronizationContext: false));
        var consumer = Task.Run(() => consume(pipe.Reader, cancellationToken), cancellationToken);
        (long Rows, long Bytes) read;
        try
        {
            // Rows are read synchronously on a thread of their own: MySqlConnector's synchronous reads cost a
            // fraction of its asynchronous ones per row (measured: 0.2-0.5 s less per 2,000,000-row scan), and this
            // thread has nothing else to do while it waits for the network or for the consumer to catch up.
            read = await Task.Factory.StartNew(
                () => ReadChunk(worker, job, pipe.Writer, tracker, cancellationToken),
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).ConfigureAwait(false);
            await pipe.Writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await pipe.Writer.CompleteAsync(ex).ConfigureAwait(false);
            await ((Task)consumer).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        return (read, await consumer.ConfigureAwait(false));
    }

    /// <summary>Streams one chunk's rows into <paramref name="output"/> as LOAD DATA text; returns the rows and bytes written.</summary>
    internal static (long Rows, long Bytes) ReadChunk(MySqlConnection worker, ChunkJob job, PipeWriter output, SnapshotProgressTracker tracker, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", job.Table.Columns.Select(c => c.SelectExpression));
        using var command = new MySqlCommand($"SELECT {columns} FROM {job.Table.QualifiedName}{job.Where}", worker);

        // A synchronous read takes no token: cancelling kills the query on the server, which ends the read.
        using var cancel = cancellationToken.Register(static c => ((MySqlCommand)c!).Cancel(), command);
        using var tsv = new TsvRowWriter(output);
        long rows = 0;
        long reportedRows = 0;
        long reportedBytes = 0;
        var stopped = false;
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                tsv.WriteRow(reader);
                rows++;
                if (tsv.ShouldFlush)
                {
                    if (!tsv.Flush(cancellationToken))
                    {
                        // The upload stopped reading: it failed, and awaiting it says why. Stop the query rather
                        // than read the rest of the chunk for nothing.
                        stopped = true;
                        command.Cancel();
                        break;
                    }

                    tracker.Add(rows - reportedRows, tsv.Bytes - reportedBytes);
                    (reportedRows, reportedBytes) = (rows, tsv.Bytes);
                }
            }
        }
        catch (MySqlException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (MySqlException ex) when (stopped && ex.ErrorCode == MySqlErrorCode.QueryInterrupted)
        {
            // Our own Cancel above, after the upload stopped; the upload's failure is the one to report.
        }

        tsv.Flush(cancellationToken);
        tracker.Add(rows - reportedRows, tsv.Bytes - reportedBytes);
        return (rows, tsv.Bytes);
    }

    private static async Task<ArtifactDescriptor> UploadAsync(ArtifactSetWriter writer, string name, PipeReader reader, CancellationToken cancellationToken)
    {
        var stream = reader.AsStream();
        await using (stream.ConfigureAwait(false))
        {
            return await writer.AddAsync(name, stream, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot set {SetId} is already complete; returning its summary.")]
    private static partial void LogAlreadyComplete(ILogger logger, string setId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot set {SetId}: rows read at binlog {File}:{Position} (GTID {GtidSet}) in {Chunks} chunks.")]
    private static partial void LogSnapshotTaken(ILogger logger, string setId, string file, long position, string gtidSet, int chunks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot set {SetId} complete: {Tables} tables, {Rows} rows, {OriginalBytes} bytes ({StoredBytes} stored).")]
    private static partial void LogDumped(ILogger logger, string setId, int tables, long rows, long originalBytes, long storedBytes);

    /// <summary>One chunk to dump: a table and the WHERE/ORDER BY suffix selecting its key range (empty for the whole table).</summary>
    internal sealed record ChunkJob(SnapshotTablePlan Table, int Chunk, string Where);
}
