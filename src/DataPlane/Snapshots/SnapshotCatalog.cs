using System.Globalization;
using System.Text.RegularExpressions;
using MySqlConnector;

namespace Serverless.DataPlane.Snapshots;

/// <summary>Reads from the source what a snapshot holds besides rows: databases, table layouts, object DDL and accounts.</summary>
internal static partial class SnapshotCatalog
{
    private static readonly string[] SystemUsers = ["root", "mariadb.sys", "PUBLIC", ""];
    private static readonly string[] IntegerTypes = ["tinyint", "smallint", "mediumint", "int", "bigint"];

    // Types whose values the server sends as their stored bytes, marked binary.
    private static readonly string[] BinaryTypes =
    [
        "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
        "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection",
    ];

    public static async Task<IReadOnlyList<string>> ListDatabasesAsync(MySqlConnection connection, IReadOnlyList<string>? requested, CancellationToken cancellationToken)
    {
        var rows = await SnapshotSession.ReadCatalogRowsAsync(connection, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME", [], cancellationToken).ConfigureAwait(false);
        var existing = rows.Select(r => r[0]!).ToList();
        if (requested is null)
        {
            return existing.Where(d => !SqlText.SystemDatabases.Contains(d, StringComparer.OrdinalIgnoreCase)).ToList();
        }

        var missing = requested.Where(d => !existing.Contains(d, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"Database(s) {string.Join(", ", missing.Select(SqlText.QuoteIdentifier))} do not exist on {SnapshotSession.Endpoint(connection)}; dump only existing databases.",
                nameof(requested));
        }

        return requested.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Plans every base table of <paramref name="databases"/>, numbered in order from 0.</summary>
    public static async Task<List<SnapshotTablePlan>> PlanTablesAsync(MySqlConnection connection, IReadOnlyList<string> databases, CancellationToken cancellationToken)
    {
        var plans = new List<SnapshotTablePlan>();
        foreach (var database in databases)
        {
            var tables = await SnapshotSession.ReadCatalogRowsAsync(
                connection,
                "SELECT TABLE_NAME, COALESCE(TABLE_ROWS, 0), COALESCE(DATA_LENGTH, 0) + COALESCE(INDEX_LENGTH, 0) FROM information_schema.TABLES "
                + "WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
                [database],
                cancellationToken).ConfigureAwait(false);
            var columns = await SnapshotSession.ReadCatalogRowsAsync(
                connection,
                "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_SET_NAME FROM information_schema.COLUMNS "
                + "WHERE TABLE_SCHEMA = ? AND IS_GENERATED = 'NEVER' ORDER BY TABLE_NAME, ORDINAL_POSITION",
                [database],
                cancellationToken).ConfigureAwait(false);
            var keys = await SnapshotSession.ReadCatalogRowsAsync(
                connection,
                "SELECT s.TABLE_NAME, MAX(s.COLUMN_NAME), MAX(c.DATA_TYPE), COUNT(*) FROM information_schema.STATISTICS s "
                + "JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = s.TABLE_SCHEMA AND c.TABLE_NAME = s.TABLE_NAME AND c.COLUMN_NAME = s.COLUMN_NAME "
                + "WHERE s.TABLE_SCHEMA = ? AND s.INDEX_NAME = 'PRIMARY' GROUP BY s.TABLE_NAME",
                [database],
                cancellationToken).ConfigureAwait(false);

            foreach (var table in tables)
            {
                var name = table[0]!;
                var key = keys.FirstOrDefault(k => k[0] == name);
                var chunkKey = key is not null && key[3] == "1" && IntegerTypes.Contains(key[2]) ? key[1] : null;
                var plan = columns.Where(c => c[0] == name).Select((c, i) => PlanColumn(c[1]!, c[2]!, c[3], i)).ToList();
                plans.Add(new SnapshotTablePlan(
                    plans.Count,
                    database,
                    name,
                    plan,
                    chunkKey,
                    long.Parse(table[1]!, CultureInfo.InvariantCulture),
                    long.Parse(table[2]!, CultureInfo.InvariantCulture)));
            }
        }

        return plans;
    }

    /// <summary>
    /// The WHERE clauses of a table's chunks: ranges of its single integer primary key sized from
    /// <paramref name="chunkRows"/> and the row estimate. The first and last ranges are open, so rows outside
    /// the bounds read here (before the snapshot) are still covered. Other tables are one chunk.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PlanChunksAsync(MySqlConnection connection, SnapshotTablePlan table, long chunkRows, CancellationToken cancellationToken)
    {
        var count = table.ChunkKey is null ? 1 : (int)Math.Clamp((table.EstimatedRows + chunkRows - 1) / Math.Max(1, chunkRows), 1, 10_000);
        if (count == 1)
        {
            return [string.Empty];
        }

        var key = SqlText.QuoteIdentifier(table.ChunkKey!);
        var range = await SnapshotSession.ReadRowsAsync(connection, $"SELECT MIN({key}), MAX({key}) FROM {table.QualifiedName}", [], cancellationToken).ConfigureAwait(false);
        if (range[0][0] is null)
        {
            return [string.Empty];
        }

        var min = Int128.Parse(range[0][0]!, CultureInfo.InvariantCulture);
        var max = Int128.Parse(range[0][1]!, CultureInfo.InvariantCulture);
        var step = (max - min + count) / count;
        if (step <= 0)
        {
            return [string.Empty];
        }

        var bounds = new List<Int128>(count);
        for (var i = 1; i < count && min + (step * i) - 1 < max; i++)
        {
            bounds.Add(min + (step * i) - 1);
        }

        if (bounds.Count == 0)
        {
            return [string.Empty];
        }

        var order = $" ORDER BY {key}";
        var clauses = new List<string>(bounds.Count + 1) { string.Create(CultureInfo.InvariantCulture, $" WHERE {key} <= {bounds[0]}{order}") };
        for (var i = 1; i < bounds.Count; i++)
        {
            clauses.Add(string.Create(CultureInfo.InvariantCulture, $" WHERE {key} > {bounds[i - 1]} AND {key} <= {bounds[i]}{order}"));
        }

        clauses.Add(string.Create(CultureInfo.InvariantCulture, $" WHERE {key} > {bounds[^1]}{order}"));
        return clauses;
    }

    /// <summary>Reads the DDL of a database and everything in it; <paramref name="tables"/> are its planned tables in order.</summary>
    public static async Task<SnapshotDatabase> ReadDatabaseAsync(
        MySqlConnection connection,
        string database,
        IReadOnlyList<(SnapshotTablePlan Plan, IReadOnlyList<SnapshotChunk> Chunks)> tables,
        CancellationToken cancellationToken)
    {
        var db = SqlText.QuoteIdentifier(database);
        var createDatabase = await ShowCreateAsync(connection, $"SHOW CREATE DATABASE {db}", 1, cancellationToken).ConfigureAwait(false);

        var sequences = new List<SnapshotObject>();
        foreach (var row in await NamesAsync(connection, "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE = 'SEQUENCE' ORDER BY TABLE_NAME", database, cancellationToken).ConfigureAwait(false))
        {
            var sequence = $"{db}.{SqlText.QuoteIdentifier(row[0]!)}";
            var create = await ShowCreateAsync(connection, $"SHOW CREATE SEQUENCE {sequence}", 1, cancellationToken).ConfigureAwait(false);
            var state = await SnapshotSession.ReadRowsAsync(connection, $"SELECT next_not_cached_value, cycle_count FROM {sequence}", [], cancellationToken).ConfigureAwait(false);
            sequences.Add(new SnapshotObject(row[0]!, $"{create}; SELECT SETVAL({SqlText.QuoteIdentifier(row[0]!)}, {state[0][0]}, 0, {state[0][1]})", SqlMode: null, TimeZone: null));
        }

        var tableEntries = new List<SnapshotTable>();
        foreach (var (plan, chunks) in tables)
        {
            var create = await ShowCreateAsync(connection, $"SHOW CREATE TABLE {plan.QualifiedName}", 1, cancellationToken).ConfigureAwait(false);
            var (withoutIndexes, addIndexes) = SecondaryIndexSplitter.Split(plan.QualifiedName, create);
            var sets = plan.Columns.Where(c => c.LoadSet is not null).Select(c => c.LoadSet!).ToList();
            tableEntries.Add(new SnapshotTable(
                plan.Name,
                create,
                withoutIndexes,
                addIndexes,
                plan.Columns.Select(c => c.LoadTarget).ToList(),
                sets.Count == 0 ? null : string.Join(", ", sets),
                chunks,
                chunks.Sum(c => c.Rows)));
        }

        var views = new List<SnapshotObject>();
        foreach (var row in await NamesAsync(connection, "SELECT TABLE_NAME FROM information_schema.VIEWS WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME", database, cancellationToken).ConfigureAwait(false))
        {
            var sql = await ShowCreateAsync(connection, $"SHOW CREATE VIEW {db}.{SqlText.QuoteIdentifier(row[0]!)}", 1, cancellationToken).ConfigureAwait(false);
            views.Add(new SnapshotObject(row[0]!, sql, SqlMode: null, TimeZone: null));
        }

        var routines = new List<SnapshotObject>();
        foreach (var row in await NamesAsync(connection, "SELECT ROUTINE_NAME, ROUTINE_TYPE FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ? AND ROUTINE_TYPE IN ('PROCEDURE', 'FUNCTION') ORDER BY ROUTINE_TYPE, ROUTINE_NAME", database, cancellationToken).ConfigureAwait(false))
        {
            routines.Add(await ShowObjectAsync(connection, $"SHOW CREATE {row[1]} {db}.{SqlText.QuoteIdentifier(row[0]!)}", row[0]!, sqlIndex: 2, timeZoneIndex: null, cancellationToken).ConfigureAwait(false));
        }

        var triggers = new List<SnapshotObject>();
        foreach (var row in await NamesAsync(connection, "SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ? ORDER BY EVENT_OBJECT_TABLE, ACTION_TIMING, EVENT_MANIPULATION, ACTION_ORDER", database, cancellationToken).ConfigureAwait(false))
        {
            triggers.Add(await ShowObjectAsync(connection, $"SHOW CREATE TRIGGER {db}.{SqlText.QuoteIdentifier(row[0]!)}", row[0]!, sqlIndex: 2, timeZoneIndex: null, cancellationToken).ConfigureAwait(false));
        }

        var events = new List<SnapshotObject>();
        foreach (var row in await NamesAsync(connection, "SELECT EVENT_NAME FROM information_schema.EVENTS WHERE EVENT_SCHEMA = ? ORDER BY EVENT_NAME", database, cancellationToken).ConfigureAwait(false))
        {
            events.Add(await ShowObjectAsync(connection, $"SHOW CREATE EVENT {db}.{SqlText.QuoteIdentifier(row[0]!)}", row[0]!, sqlIndex: 3, timeZoneIndex: 2, cancellationToken).ConfigureAwait(false));
        }

        return new SnapshotDatabase(database, createDatabase, sequences, tableEntries, views, routines, triggers, events);
    }

    /// <summary>Reads every account but system ones and <paramref name="excluded"/>, with password hashes and grants (roles are not copied).</summary>
    public static async Task<List<SnapshotUser>> ReadUsersAsync(MySqlConnection connection, IReadOnlyCollection<string> excluded, CancellationToken cancellationToken)
    {
        var accounts = await SnapshotSession.ReadRowsAsync(connection, "SELECT User, Host FROM mysql.user WHERE is_role <> 'Y' ORDER BY User, Host", [], cancellationToken).ConfigureAwait(false);
        var users = new List<SnapshotUser>();
        foreach (var account in accounts)
        {
            var (user, host) = (account[0]!, account[1]!);
            if (SystemUsers.Contains(user, StringComparer.Ordinal) || user.StartsWith("mysql.", StringComparison.Ordinal) || excluded.Contains(user))
            {
                continue;
            }

            var name = $"{SqlText.QuoteString(user)}@{SqlText.QuoteString(host)}";
            var create = await ShowCreateAsync(connection, $"SHOW CREATE USER {name}", 0, cancellationToken).ConfigureAwait(false);
            var grants = await SnapshotSession.ReadRowsAsync(connection, $"SHOW GRANTS FOR {name}", [], cancellationToken).ConfigureAwait(false);
            users.Add(new SnapshotUser(user, host, create, grants.Select(g => g[0]!).ToList()));
        }

        return users;
    }

    /// <remarks>
    /// The select list is what lets the dump take every value's bytes as the server sent them
    /// (<see cref="MySqlDataReader.GetBytes(int, long, byte[], int, int)"/>, which MySqlConnector allows on binary columns only): a character
    /// column is read through its charset's <c>_bin</c> collation, which marks it binary at almost no server cost
    /// and changes no byte (results are in character set binary); binary and spatial columns are binary already;
    /// anything else is <c>CAST(… AS BINARY)</c>, its text form as the server would send it.
    /// </remarks>
    private static SnapshotColumnPlan PlanColumn(string name, string dataType, string? characterSet, int ordinal)
    {
        var column = SqlText.QuoteIdentifier(name);
        var variable = string.Create(CultureInfo.InvariantCulture, $"@c{ordinal}");
        var type = dataType.ToLowerInvariant();
        var read = characterSet is not null && !characterSet.Equals("binary", StringComparison.OrdinalIgnoreCase)
            ? $"{column} COLLATE {SqlText.QuoteIdentifier(characterSet + "_bin")}"
            : BinaryTypes.Contains(type) ? column : $"CAST({column} AS BINARY)";
        return type switch
        {
            // A BIT's value is raw bytes that LOAD DATA would take for a string of digits: go through its number.
            "bit" => new SnapshotColumnPlan($"CAST({column} + 0 AS BINARY)", variable, $"{column} = CAST({variable} AS UNSIGNED)"),

            // INET6 and UUID go as their text form (CAST AS BINARY would give their 16 stored bytes), and they reject
            // that text when it arrives as binary (tried on 10.11: stored as NULL with warning 1292).
            "inet6" or "uuid" => new SnapshotColumnPlan(
                $"CAST({column} AS CHAR CHARACTER SET ascii) COLLATE ascii_bin", variable, $"{column} = CAST({variable} AS CHAR CHARACTER SET ascii)"),
            _ => new SnapshotColumnPlan(read, column, null),
        };
    }

    /// <summary>Names from an <c>information_schema</c> query on one database (never killed mid-query: <see cref="SnapshotSession.ReadCatalogRowsAsync"/>).</summary>
    private static Task<List<string?[]>> NamesAsync(MySqlConnection connection, string sql, string database, CancellationToken cancellationToken) =>
        SnapshotSession.ReadCatalogRowsAsync(connection, sql, [database], cancellationToken);

    /// <summary>
    /// Each planned table's definition as the dump will record it, keyed by <see cref="SnapshotTablePlan.QualifiedName"/>:
    /// read before the snapshot and compared with what is read after it, so that DDL during the dump is noticed.
    /// </summary>
    public static async Task<Dictionary<string, string>> ReadDefinitionsAsync(MySqlConnection connection, IEnumerable<SnapshotTablePlan> tables, CancellationToken cancellationToken)
    {
        var definitions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            definitions[table.QualifiedName] = DefinitionOf(await ShowCreateAsync(connection, $"SHOW CREATE TABLE {table.QualifiedName}", 1, cancellationToken).ConfigureAwait(false));
        }

        return definitions;
    }

    /// <summary>A table's <c>SHOW CREATE TABLE</c> without its AUTO_INCREMENT counter, which every insert moves.</summary>
    public static string DefinitionOf(string createSql) => AutoIncrementCounter().Replace(createSql, string.Empty);

    [GeneratedRegex(@" AUTO_INCREMENT=\d+", RegexOptions.CultureInvariant)]
    private static partial Regex AutoIncrementCounter();

    private static async Task<string> ShowCreateAsync(MySqlConnection connection, string sql, int column, CancellationToken cancellationToken)
    {
        var rows = await SnapshotSession.ReadRowsAsync(connection, sql, [], cancellationToken).ConfigureAwait(false);
        return rows.Count == 1 && rows[0][column] is { } text
            ? text
            : throw new InvalidOperationException($"'{sql}' on {SnapshotSession.Endpoint(connection)} returned no definition; the object may have been dropped during the dump. Run the dump again.");
    }

    private static async Task<SnapshotObject> ShowObjectAsync(MySqlConnection connection, string sql, string name, int sqlIndex, int? timeZoneIndex, CancellationToken cancellationToken)
    {
        var rows = await SnapshotSession.ReadRowsAsync(connection, sql, [], cancellationToken).ConfigureAwait(false);
        if (rows.Count != 1 || rows[0][sqlIndex] is null)
        {
            throw new InvalidOperationException($"'{sql}' on {SnapshotSession.Endpoint(connection)} returned no definition; the object may have been dropped during the dump, or the account lacks the privilege to see it.");
        }

        return new SnapshotObject(name, rows[0][sqlIndex]!, rows[0][1], timeZoneIndex is { } tz ? rows[0][tz] : null);
    }
}
