using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using Serverless.Storage.Artifacts;

namespace Serverless.DataPlane.Snapshots;

/// <summary>Loads a snapshot from an artifact set into a server.</summary>
/// <remarks>
/// Order: databases are dropped and created again, then their sequences and tables (without secondary indexes
/// when <see cref="SnapshotLoadOptions.DeferSecondaryIndexes"/>); chunks are loaded over
/// <see cref="SnapshotLoadOptions.Parallelism"/> connections with <c>LOAD DATA LOCAL INFILE</c>, largest
/// tables first, each table's row count checked and its indexes added when its last chunk is in; then
/// routines, views, triggers, events, and accounts with their grants. Nothing is written to the target's
/// binlog, and the target's GTID state is left alone: whoever continues from the snapshot's coordinates
/// (replication, binlog replay) sets it. Each finished step is recorded on the target (see
/// <see cref="SnapshotLoadProgress"/>), so a load run again under the same <see cref="SnapshotLoadOptions.LoadId"/>
/// after an interruption continues from the chunks already committed.
/// </remarks>
public sealed partial class SnapshotLoader
{
    private const int MaxDocumentBytes = 256 * 1024 * 1024;

    private readonly ArtifactStore _store;
    private readonly ILogger _logger;

    /// <summary>Creates a loader reading from <paramref name="store"/>.</summary>
    public SnapshotLoader(ArtifactStore store, ILogger<SnapshotLoader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    private static readonly TimeSpan EarlierLoadPatience = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Loads set <paramref name="setId"/> into <paramref name="target"/>. The target's copies of the snapshot's
    /// databases are replaced; a load interrupted by a crash runs again and continues where it stopped.
    /// </summary>
    /// <returns>The snapshot's summary (its binlog coordinates are where replication or binlog replay continues).</returns>
    /// <exception cref="ArtifactSetIncompleteException">The set has no manifest: the dump never completed.</exception>
    /// <exception cref="ArtifactFormatException">The set is not a snapshot, or of another format version.</exception>
    /// <exception cref="ArtifactChecksumMismatchException">A chunk's stored bytes were altered; it names the set and the chunk.</exception>
    /// <exception cref="SnapshotRowCountMismatchException">A table ended with other than the recorded number of rows.</exception>
    /// <exception cref="SnapshotLoadException">A schema object or account could not be created.</exception>
    /// <exception cref="MySqlException">The target failed or could not be reached.</exception>
    public async Task<SnapshotSummary> LoadAsync(string setId, ServerConnection target, SnapshotLoadOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Parallelism, 1, nameof(options));

        var set = await ArtifactSetReader.OpenAsync(_store, setId, cancellationToken).ConfigureAwait(false);
        var summary = SnapshotSummary.FromManifest(set.Manifest);
        if (summary.CatchupSetId is not null && !options.ReplaysCatchup)
        {
            throw new SnapshotLoadException(
                setId, $"Snapshot set '{setId}' was dumped in resumable steps: its chunks are consistent only with its catch-up binlog '{summary.CatchupSetId}' replayed after them. Restore it with ChainRestorer.");
        }

        var document = await ReadDocumentAsync(set, cancellationToken).ConfigureAwait(false);
        LogLoading(_logger, setId, target.Endpoint, summary.Tables, summary.Rows);

        var loadId = options.LoadId ?? setId;
        var control = await SnapshotSession.OpenAsync(target, SnapshotSession.LoadSettings, cancellationToken).ConfigureAwait(false);
        await using (control.ConfigureAwait(false))
        {
            // An earlier attempt's statements still running end first: a killed chunk rolls back with its progress row.
            await StopEarlierLoadsAsync(control, setId, document, cancellationToken).ConfigureAwait(false);
            var done = await SnapshotLoadProgress.ReadAsync(control, loadId, cancellationToken).ConfigureAwait(false);
            if (done.ContainsKey(SnapshotLoadProgress.LoadedStep))
            {
                // An earlier attempt finished the load; the caller's replay continues from its own progress.
                LogAlreadyLoaded(_logger, setId, loadId);
                options.Progress?.Report(new SnapshotProgress(summary.Rows, summary.Rows, summary.OriginalBytes));
                return summary;
            }

            var resumed = done.TryGetValue(SnapshotLoadProgress.SchemaStep, out var deferredBefore);
            var deferIndexes = resumed ? deferredBefore != 0 : options.DeferSecondaryIndexes;
            if (resumed)
            {
                LogResuming(_logger, setId, loadId, done.Count);
            }
            else
            {
                await SnapshotLoadProgress.ResetAsync(control, loadId, cancellationToken).ConfigureAwait(false);
                await CreateTablesAsync(control, setId, document, deferIndexes, cancellationToken).ConfigureAwait(false);

                await SnapshotLoadProgress.RecordAsync(control, null, loadId, SnapshotLoadProgress.SchemaStep, deferIndexes ? 1 : 0, cancellationToken).ConfigureAwait(false);
            }

            var tracker = new SnapshotProgressTracker(options.Progress, summary.Rows);
            await LoadChunksAsync(set, target, document, options with { DeferSecondaryIndexes = deferIndexes }, loadId, done, tracker, cancellationToken).ConfigureAwait(false);

            if (resumed)
            {
                // The earlier attempt may have created some of these before it stopped.
                await DropObjectsAsync(control, document, cancellationToken).ConfigureAwait(false);
            }

            await CreateObjectsAndUsersAsync(control, setId, document, options.IncludeUsers, cancellationToken).ConfigureAwait(false);
            if (options.CompletedByCaller)
            {
                await SnapshotLoadProgress.RecordAsync(control, null, loadId, SnapshotLoadProgress.LoadedStep, 1, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SnapshotLoadProgress.CompleteAsync(control, loadId, cancellationToken).ConfigureAwait(false);
            }

            tracker.Complete(summary.Rows);
        }

        LogLoaded(_logger, setId, target.Endpoint);
        return summary;
    }

    /// <summary>What comes after the rows: routines first (they bind late, and views or triggers may call them), views, triggers, events, and accounts.</summary>
    internal static async Task CreateObjectsAndUsersAsync(MySqlConnection control, string setId, SnapshotDocument document, bool includeUsers, CancellationToken cancellationToken)
    {
        await CreateObjectsAsync(control, setId, document, "routine", d => d.Routines, cancellationToken).ConfigureAwait(false);
        await CreateViewsAsync(control, setId, document, cancellationToken).ConfigureAwait(false);
        await CreateObjectsAsync(control, setId, document, "trigger", d => d.Triggers, cancellationToken).ConfigureAwait(false);
        await CreateObjectsAsync(control, setId, document, "event", d => d.Events, cancellationToken).ConfigureAwait(false);
        if (includeUsers)
        {
            await CreateUsersAsync(control, setId, document.Users, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<SnapshotDocument> ReadDocumentAsync(ArtifactSetReader set, CancellationToken cancellationToken)
    {
        if (set.GetArtifact(SnapshotFormat.DocumentArtifact).OriginalBytes > MaxDocumentBytes)
        {
            throw new ArtifactFormatException(set.SetId, SnapshotFormat.DocumentArtifact, $"The snapshot document of set '{set.SetId}' is larger than {MaxDocumentBytes:N0} bytes; the set was not written by SnapshotDumper.");
        }

        using var bytes = new MemoryStream();
        var stream = await set.OpenReadAsync(SnapshotFormat.DocumentArtifact, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // Read to the end first: the checksum is verified there, before anything is trusted.
            await stream.CopyToAsync(bytes, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var document = JsonSerializer.Deserialize(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), SnapshotJsonContext.Default.SnapshotDocument);
            return document is { FormatVersion: SnapshotFormat.Version or SnapshotFormat.ResumableVersion }
                ? document
                : throw new ArtifactFormatException(set.SetId, SnapshotFormat.DocumentArtifact, $"The snapshot document of set '{set.SetId}' is empty or of another format version; load it with the version that wrote it.");
        }
        catch (JsonException ex)
        {
            throw new ArtifactFormatException(set.SetId, SnapshotFormat.DocumentArtifact, $"The snapshot document of set '{set.SetId}' is not valid ({ex.Message}); the set cannot be loaded.", ex);
        }
    }

    internal static async Task CreateTablesAsync(MySqlConnection control, string setId, SnapshotDocument document, bool deferIndexes, CancellationToken cancellationToken)
    {
        foreach (var database in document.Databases)
        {
            var name = SqlText.QuoteIdentifier(database.Name);
            await DropDatabaseAsync(control, setId, name, cancellationToken).ConfigureAwait(false);
            await CreateDatabaseAsync(control, setId, database.Name, database.CreateSql, cancellationToken).ConfigureAwait(false);
            await control.ChangeDatabaseAsync(database.Name, cancellationToken).ConfigureAwait(false);

            // Sequences before tables: a column default may take NEXT VALUE FOR one.
            foreach (var sequence in database.Sequences)
            {
                await RunAsync(control, setId, $"sequence {name}.{SqlText.QuoteIdentifier(sequence.Name)}", sequence.CreateSql, cancellationToken).ConfigureAwait(false);
            }

            foreach (var table in database.Tables)
            {
                var create = deferIndexes ? table.CreateSqlWithoutSecondaryIndexes : table.CreateSql;
                await RunAsync(control, setId, $"table {name}.{SqlText.QuoteIdentifier(table.Name)}", create, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task LoadChunksAsync(
        ArtifactSetReader set,
        ServerConnection target,
        SnapshotDocument document,
        SnapshotLoadOptions options,
        string loadId,
        Dictionary<string, long> done,
        SnapshotProgressTracker tracker,
        CancellationToken cancellationToken)
    {
        var tables = document.Databases
            .SelectMany(d => d.Tables.Select(t => new TableLoad(d.Name, t, options.DeferSecondaryIndexes ? t.AddSecondaryIndexesSql : null, loadId, done)))
            .OrderByDescending(t => t.Table.Rows)
            .ToList();
        tracker.Add(tables.Sum(t => t.Rows), 0);

        // Round-robin over tables (largest first in each round): connections then mostly load different tables,
        // which do not wait on each other's AUTO-INC table lock or contend for one clustered index. Chunks an earlier
        // attempt committed are not loaded again; tables it finished, or whose chunks are all in, only need their end.
        var chunks = tables
            .SelectMany(t => t.Table.Chunks.Where(c => !done.ContainsKey(SnapshotLoadProgress.ChunkStep(c.Artifact))).Select((c, round) => (Table: t, Chunk: (SnapshotChunk?)c, Round: round)))
            .Concat(tables.Where(t => t.ChunksLeft == 0 && !t.Finished).Select(t => (Table: t, Chunk: (SnapshotChunk?)null, Round: -1)))
            .OrderBy(j => j.Round)
            .Select(j => (j.Table, j.Chunk))
            .ToList();
        await SnapshotWorkers.RunAsync(
            chunks,
            Math.Clamp(chunks.Count, 1, options.Parallelism),
            async (_, queue, token) =>
            {
                var worker = await SnapshotSession.OpenAsync(target, SnapshotSession.LoadSettings, token).ConfigureAwait(false);
                await using (worker.ConfigureAwait(false))
                {
                    while (queue.TryDequeue(out var job))
                    {
                        if (job.Chunk is null)
                        {
                            await FinishTableAsync(set, worker, job.Table, token).ConfigureAwait(false);
                        }
                        else
                        {
                            await LoadChunkAsync(set, worker, job.Table, job.Chunk, tracker, token).ConfigureAwait(false);
                        }
                    }
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task LoadChunkAsync(ArtifactSetReader set, MySqlConnection worker, TableLoad load, SnapshotChunk chunk, SnapshotProgressTracker tracker, CancellationToken cancellationToken)
    {
        int rows;
        var stream = new RowCountingStream(await set.OpenReadAsync(chunk.Artifact, cancellationToken).ConfigureAwait(false), tracker, cancellationToken);
        await using (stream.ConfigureAwait(false))
        {
            rows = await LoadRowsAsync(worker, set.SetId, load.Database, load.Table, chunk.Artifact, stream, load.LoadId, _logger, cancellationToken).ConfigureAwait(false);
        }

        load.AddRows(rows);
        if (load.CompleteChunk())
        {
            await FinishTableAsync(set, worker, load, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Loads one chunk's rows from <paramref name="stream"/> (LOAD DATA LOCAL text) into its table, in a transaction that
    /// also records the chunk in load <paramref name="loadId"/>'s progress; returns the rows the server took.
    /// </summary>
    internal static async Task<int> LoadRowsAsync(
        MySqlConnection worker, string setId, string database, SnapshotTable table, string chunk, Stream stream, string loadId, ILogger logger, CancellationToken cancellationToken)
    {
        var qualified = $"{SqlText.QuoteIdentifier(database)}.{SqlText.QuoteIdentifier(table.Name)}";
        var loader = new MySqlBulkLoader(worker)
        {
            TableName = qualified,
            Local = true,

            CharacterSet = SnapshotFormat.LoadCharacterSet,
            FieldTerminator = SnapshotFormat.FieldTerminator,
            EscapeCharacter = SnapshotFormat.EscapeCharacter,
            LineTerminator = SnapshotFormat.LineTerminator,
            SourceStream = stream,
        };
        loader.Columns.AddRange(table.LoadColumns);
        if (table.LoadSet is not null)
        {
            loader.Expressions.Add(table.LoadSet);
        }

        var warnings = 0;
        void CountWarnings(object sender, MySqlInfoMessageEventArgs e) => warnings += e.Errors.Count;
        worker.InfoMessage += CountWarnings;
        int rows;

        // In a transaction: when the stream fails (a chunk that fails its checksum is only known to at its end, a source
        // read that fails mid-chunk), MySqlConnector ends the upload as if the file were complete and reports the failure
        // after the server has taken the rows; the rollback then takes them out again.
        var transaction = await worker.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            try
            {
                rows = await loader.LoadAsync(cancellationToken).ConfigureAwait(false);

                // Recorded in the chunk's own transaction: the chunk counts as loaded exactly when its rows are in.
                await SnapshotLoadProgress.RecordAsync(worker, transaction, loadId, SnapshotLoadProgress.ChunkStep(chunk), rows, cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (FindArtifactException(ex) is { } artifact)
            {
                ExceptionDispatchInfo.Throw(artifact);
                throw;
            }
            catch (MySqlException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            finally
            {
                worker.InfoMessage -= CountWarnings;
            }
        }

        if (warnings > 0)
        {
            LogChunkWarnings(logger, setId, chunk, qualified, warnings);
        }

        return rows;
    }

    /// <summary>A table's end, once all its chunks are in: its row count checked and its deferred indexes added (and recorded).</summary>
    private static async Task FinishTableAsync(ArtifactSetReader set, MySqlConnection worker, TableLoad load, CancellationToken cancellationToken)
    {
        var table = load.Table;
        if (load.Rows != table.Rows)
        {
            throw new SnapshotRowCountMismatchException(set.SetId, load.Database, table.Name, table.Rows, load.Rows);
        }

        if (load.AddIndexesSql is null || load.Finished)
        {
            return;
        }

        await AddSecondaryIndexesAsync(worker, set.SetId, load.Database, table.Name, load.AddIndexesSql, load.LoadId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds a table's deferred secondary indexes once its rows are in, and records it in load <paramref name="loadId"/>'s progress.</summary>
    internal static async Task AddSecondaryIndexesAsync(MySqlConnection worker, string setId, string database, string table, string addIndexesSql, string loadId, CancellationToken cancellationToken)
    {
        var qualified = $"{SqlText.QuoteIdentifier(database)}.{SqlText.QuoteIdentifier(table)}";
        try
        {
            await RunAsync(worker, setId, $"secondary indexes of table {qualified}", addIndexesSql, cancellationToken).ConfigureAwait(false);
        }
        catch (SnapshotLoadException ex) when (ex.InnerException is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyName })
        {
            // An earlier attempt added them and stopped before recording it.
        }

        await SnapshotLoadProgress.RecordAsync(worker, null, loadId, SnapshotLoadProgress.IndexesStep(database, table), 1, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Drops the routines, views, triggers and events of the snapshot's databases on the target. Only for a resumed
    /// load: the databases were created by the load, so whatever such objects they hold are the earlier attempt's.
    /// </summary>
    private static async Task DropObjectsAsync(MySqlConnection control, SnapshotDocument document, CancellationToken cancellationToken)
    {
        foreach (var database in document.Databases)
        {
            var name = SqlText.QuoteIdentifier(database.Name);
            var found = new List<string>();
            foreach (var row in await SnapshotSession.ReadCatalogRowsAsync(control, "SELECT ROUTINE_TYPE, ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?", [database.Name], cancellationToken).ConfigureAwait(false))
            {
                found.Add($"DROP {row[0]} IF EXISTS {name}.{SqlText.QuoteIdentifier(row[1]!)}");
            }

            foreach (var row in await SnapshotSession.ReadCatalogRowsAsync(control, "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ?", [database.Name], cancellationToken).ConfigureAwait(false))
            {
                found.Add($"DROP VIEW IF EXISTS {name}.{SqlText.QuoteIdentifier(row[0]!)}");
            }

            foreach (var row in await SnapshotSession.ReadCatalogRowsAsync(control, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?", [database.Name], cancellationToken).ConfigureAwait(false))
            {
                found.Add($"DROP TRIGGER IF EXISTS {name}.{SqlText.QuoteIdentifier(row[0]!)}");
            }

            foreach (var row in await SnapshotSession.ReadCatalogRowsAsync(control, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ?", [database.Name], cancellationToken).ConfigureAwait(false))
            {
                found.Add($"DROP EVENT IF EXISTS {name}.{SqlText.QuoteIdentifier(row[0]!)}");
            }

            foreach (var drop in found)
            {
                await SnapshotSession.ExecuteAsync(control, drop, [], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static ArtifactException? FindArtifactException(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is ArtifactException artifact)
            {
                return artifact;
            }
        }

        return null;
    }

    private static async Task CreateViewsAsync(MySqlConnection control, string setId, SnapshotDocument document, CancellationToken cancellationToken)
    {
        // A view may select from views created after it, in its own database or another: retry the failed ones
        // until a round makes no progress.
        var pending = document.Databases.SelectMany(d => d.Views.Select(v => (Database: d.Name, View: v))).ToList();
        while (pending.Count > 0)
        {
            var failed = new List<(string Database, SnapshotObject View)>();
            MySqlException? lastError = null;
            foreach (var (database, view) in pending)
            {
                try
                {
                    await control.ChangeDatabaseAsync(database, cancellationToken).ConfigureAwait(false);
                    await SnapshotSession.ExecuteAsync(control, view.CreateSql, [], cancellationToken).ConfigureAwait(false);
                }
                catch (MySqlException ex) when (SnapshotSession.IsServerError(ex) && ex.ErrorCode is MySqlErrorCode.NoSuchTable or MySqlErrorCode.ViewInvalid)
                {
                    failed.Add((database, view));
                    lastError = ex;
                }
            }

            if (failed.Count == pending.Count)
            {
                throw new SnapshotLoadException(
                    setId,
                    $"Creating view(s) {string.Join(", ", failed.Select(f => $"{SqlText.QuoteIdentifier(f.Database)}.{SqlText.QuoteIdentifier(f.View.Name)}"))} from snapshot set '{setId}' failed: "
                    + $"they refer to tables, views or functions that do not exist ({lastError!.Message}).",
                    lastError);
            }

            pending = failed;
        }
    }

    private static async Task CreateObjectsAsync(
        MySqlConnection control,
        string setId,
        SnapshotDocument document,
        string kind,
        Func<SnapshotDatabase, IReadOnlyList<SnapshotObject>> objects,
        CancellationToken cancellationToken)
    {
        foreach (var database in document.Databases)
        {
            await control.ChangeDatabaseAsync(database.Name, cancellationToken).ConfigureAwait(false);
            foreach (var item in objects(database))
            {
                await CreateObjectAsync(control, setId, database.Name, kind, item, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task CreateObjectAsync(MySqlConnection control, string setId, string database, string kind, SnapshotObject item, CancellationToken cancellationToken)
    {
        var what = $"{kind} {SqlText.QuoteIdentifier(database)}.{SqlText.QuoteIdentifier(item.Name)}";
        if (item.SqlMode is not null)
        {
            await SnapshotSession.ExecuteAsync(control, "SET SESSION sql_mode = ?", [item.SqlMode], cancellationToken).ConfigureAwait(false);
        }

        if (item.TimeZone is not null)
        {
            await SnapshotSession.ExecuteAsync(control, "SET SESSION time_zone = ?", [item.TimeZone], cancellationToken).ConfigureAwait(false);
        }

        await RunAsync(control, setId, what, item.CreateSql, cancellationToken).ConfigureAwait(false);
        await SnapshotSession.ExecuteAsync(control, "SET SESSION sql_mode = ?, time_zone = '+00:00'", [SnapshotSession.LoadSqlMode], cancellationToken).ConfigureAwait(false);
    }

    private static async Task CreateUsersAsync(MySqlConnection control, string setId, IReadOnlyList<SnapshotUser> users, CancellationToken cancellationToken)
    {
        foreach (var user in users)
        {
            var create = user.CreateSql.StartsWith("CREATE USER ", StringComparison.OrdinalIgnoreCase)
                ? "CREATE OR REPLACE USER " + user.CreateSql["CREATE USER ".Length..]
                : user.CreateSql;
            foreach (var statement in user.Grants.Where(g => !g.StartsWith("SET DEFAULT ROLE", StringComparison.OrdinalIgnoreCase)).Prepend(create))
            {
                try
                {
                    await SnapshotSession.ExecuteAsync(control, statement, [], cancellationToken).ConfigureAwait(false);
                }
                catch (MySqlException ex) when (SnapshotSession.IsServerError(ex))
                {
                    // The server's message may quote the statement, and with it a password hash: leave it out.
                    throw new SnapshotLoadException(
                        setId,
                        $"Creating account '{user.User}'@'{user.Host}' or one of its grants from snapshot set '{setId}' failed with server error {(int)ex.ErrorCode} (SQLSTATE {ex.SqlState}). "
                        + "Check that the target allows the account's authentication plugin and that granted objects exist.");
                }
            }
        }
    }

    /// <summary>
    /// A load that runs again after its host was killed meets the statements of the earlier attempt still running on
    /// the server (a LOAD DATA or a deferred ADD INDEX ends only when the server notices its client is gone): end the
    /// sessions of this account that use the set's databases, and wait until they are gone, before dropping them.
    /// </summary>
    /// <remarks>
    /// The sessions are read with <c>SHOW FULL PROCESSLIST</c> and filtered here, never with a query on
    /// <c>information_schema.PROCESSLIST</c>: that table's <c>INFO</c> column is LONGTEXT, so the server materialises it in an
    /// on-disk (Aria) temporary table, and MariaDB 10.11 crashes (SIGSEGV in <c>ha_maria::drop_table</c>, called from
    /// <c>free_tmp_table</c>) when a session is killed while such a statement runs. Two loads that end each other's
    /// sessions, or a cancelled one, brought the target server down that way. <c>SHOW PROCESSLIST</c> sends its rows
    /// without a temporary table.
    /// </remarks>
    internal static async Task StopEarlierLoadsAsync(MySqlConnection control, string setId, SnapshotDocument document, CancellationToken cancellationToken)
    {
        if (document.Databases.Count == 0)
        {
            return;
        }

        // A session uses a database when it is its current one, or when its statement names it (the control
        // session's DROP DATABASE or CREATE TABLE may run from another current database, or none).
        var names = document.Databases.Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        var quoted = names.Select(SqlText.QuoteIdentifier).ToList();
        var user = await SnapshotSession.ReadRowsAsync(control, "SELECT SUBSTRING_INDEX(CURRENT_USER(), '@', 1)", [], cancellationToken).ConfigureAwait(false);
        var account = user[0][0];
        var deadline = DateTime.UtcNow + EarlierLoadPatience;
        while (true)
        {
            // SHOW FULL PROCESSLIST: Id, User, Host, db, Command, Time, State, Info, ...
            var sessions = (await SnapshotSession.ReadRowsAsync(control, "SHOW FULL PROCESSLIST", [], cancellationToken).ConfigureAwait(false))
                .Where(row => long.Parse(row[0]!, System.Globalization.CultureInfo.InvariantCulture) != control.ServerThread
                    && row[4] != "Sleep"
                    && row[1] == account
                    && ((row[3] is { } db && names.Contains(db)) || (row[7] is { } info && quoted.Any(name => info.Contains(name, StringComparison.Ordinal)))))
                .ToList();
            if (sessions.Count == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new SnapshotLoadException(setId, $"Loading snapshot set '{setId}' on {SnapshotSession.Endpoint(control)}: {sessions.Count} earlier session(s) of this account still use its databases after {EarlierLoadPatience.TotalSeconds:0} s; try again later.");
            }

            foreach (var session in sessions)
            {
                try
                {
                    await SnapshotSession.ExecuteAsync(control, $"KILL CONNECTION {long.Parse(session[0]!, System.Globalization.CultureInfo.InvariantCulture)}", [], cancellationToken).ConfigureAwait(false);
                }
                catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.NoSuchThread)
                {
                    // Ended by itself meanwhile.
                }
            }

            // A killed statement rolls back before its session goes; poll until it has.
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Drops the target's copy of a database. Files the server does not know (left by an interrupted ALTER TABLE, or
    /// put there by hand) keep its directory: the server drops every table and says it could not remove the
    /// directory, which for a load is done; <see cref="CreateDatabaseAsync"/> then reuses the directory.
    /// </summary>
    private static async Task DropDatabaseAsync(MySqlConnection control, string setId, string name, CancellationToken cancellationToken)
    {
        try
        {
            await SnapshotSession.ExecuteAsync(control, $"DROP DATABASE IF EXISTS {name}", [], cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DatabaseDropRemoveDir)
        {
        }
        catch (MySqlException ex) when (SnapshotSession.IsServerError(ex))
        {
            throw new SnapshotLoadException(setId, $"Dropping database {name} before loading snapshot set '{setId}' on {SnapshotSession.Endpoint(control)} failed: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Creates a database from its SHOW CREATE text. When the drop before it left the directory behind (files of an
    /// interrupted ALTER TABLE that the server does not remove), CREATE DATABASE says it exists: then create it if
    /// missing and set its options with ALTER DATABASE, which gives the same database.
    /// </summary>
    private static async Task CreateDatabaseAsync(MySqlConnection control, string setId, string database, string createSql, CancellationToken cancellationToken)
    {
        var name = SqlText.QuoteIdentifier(database);
        try
        {
            await SnapshotSession.ExecuteAsync(control, createSql, [], cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.DatabaseCreateExists)
        {
        }
        catch (MySqlException ex) when (SnapshotSession.IsServerError(ex))
        {
            throw new SnapshotLoadException(setId, $"Creating database {name} from snapshot set '{setId}' on {SnapshotSession.Endpoint(control)} failed: {ex.Message}", ex);
        }

        var nameAt = createSql.IndexOf(name, StringComparison.Ordinal);
        var options = nameAt < 0 ? string.Empty : createSql[(nameAt + name.Length)..];
        await RunAsync(control, setId, $"database {name}", $"CREATE DATABASE IF NOT EXISTS {name}", cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(options))
        {
            await RunAsync(control, setId, $"database {name}", $"ALTER DATABASE {name} {options}", cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task RunAsync(MySqlConnection connection, string setId, string what, string sql, CancellationToken cancellationToken)
    {
        try
        {
            await SnapshotSession.ExecuteAsync(connection, sql, [], cancellationToken).ConfigureAwait(false);
        }
        catch (MySqlException ex) when (SnapshotSession.IsServerError(ex))
        {
            throw new SnapshotLoadException(setId, $"Creating {what} from snapshot set '{setId}' on {SnapshotSession.Endpoint(connection)} failed: {ex.Message}", ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loading snapshot set {SetId} into {Endpoint}: {Tables} tables, {Rows} rows.")]
    private static partial void LogLoading(ILogger logger, string setId, string endpoint, int tables, long rows);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot set {SetId}: resuming load {LoadId}, {Steps} step(s) (schema, chunks, indexes) already done.")]
    private static partial void LogResuming(ILogger logger, string setId, string loadId, int steps);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot set {SetId}: load {LoadId} was completed by an earlier attempt; nothing to load.")]
    private static partial void LogAlreadyLoaded(ILogger logger, string setId, string loadId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Snapshot set {SetId} loaded into {Endpoint}.")]
    private static partial void LogLoaded(ILogger logger, string setId, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot set {SetId}: loading {Chunk} into {Table} gave {Warnings} warning(s).")]
    private static partial void LogChunkWarnings(ILogger logger, string setId, string chunk, string table, int warnings);

    /// <summary>
    /// A table being loaded: rows loaded and chunks left, shared by the workers loading its chunks, starting from what an
    /// earlier attempt of the same load recorded.
    /// </summary>
    private sealed class TableLoad
    {
        private long _rows;
        private int _chunksLeft;

        public TableLoad(string database, SnapshotTable table, string? addIndexesSql, string loadId, IReadOnlyDictionary<string, long> done)
        {
            Database = database;
            Table = table;
            AddIndexesSql = addIndexesSql;
            LoadId = loadId;
            foreach (var chunk in table.Chunks)
            {
                if (done.TryGetValue(SnapshotLoadProgress.ChunkStep(chunk.Artifact), out var rows))
                {
                    _rows += rows;
                }
                else
                {
                    _chunksLeft++;
                }
            }

            Finished = done.ContainsKey(SnapshotLoadProgress.IndexesStep(database, table.Name));
        }

        public string Database { get; }

        public SnapshotTable Table { get; }

        public string? AddIndexesSql { get; }

        public string LoadId { get; }

        /// <summary>Whether an earlier attempt already added the table's deferred indexes.</summary>
        public bool Finished { get; }

        public long Rows => Interlocked.Read(ref _rows);

        public int ChunksLeft => Volatile.Read(ref _chunksLeft);

        public void AddRows(long rows) => Interlocked.Add(ref _rows, rows);

        /// <summary>Marks a chunk loaded; true for the table's last one.</summary>
        public bool CompleteChunk() => Interlocked.Decrement(ref _chunksLeft) == 0;
    }
}
