using System.Globalization;

namespace Serverless.DataPlane.Replication;

/// <summary>
/// The replication SQL of one kind of server, chosen by its version string (docs/replication.md, "SQL"): MariaDB 10.11
/// (<see cref="MariaDbDialect"/>) or MySQL 8.0.23+ and 8.4 (<see cref="MySqlDialect"/>). Each gives the statements
/// that stop, point, start and reset replication, fence writes and wait for a GTID, and reads the server's status row
/// into a <see cref="ReplicaHealth"/>.
/// </summary>
public abstract class ReplicationDialect
{
    /// <summary>The dialect of a server that reports <paramref name="version"/> (<c>SELECT VERSION()</c>, or the handshake's).</summary>
    /// <param name="version">Such as <c>10.11.6-MariaDB-0+deb12u1</c>, <c>8.0.36</c> or <c>8.4.3-azure</c>.</param>
    /// <exception cref="NotSupportedException">A MySQL older than 8.0.23 (no <c>CHANGE REPLICATION SOURCE</c>) or a version that cannot be read.</exception>
    public static ReplicationDialect ForVersion(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Contains("MariaDB", StringComparison.OrdinalIgnoreCase))
        {
            return MariaDbDialect.Instance;
        }

        var numbers = version.Split('-', 2)[0].Split('.');
        if (numbers.Length < 3
            || !int.TryParse(numbers[0], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(numbers[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !int.TryParse(numbers[2], NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            throw new NotSupportedException($"'{version}' is not a MySQL or MariaDB version this service knows.");
        }

        if ((major, minor, patch).CompareTo((8, 0, 23)) < 0)
        {
            throw new NotSupportedException($"MySQL {version} is too old to replicate with: 8.0.23 or later is needed (CHANGE REPLICATION SOURCE, SHOW REPLICA STATUS).");
        }

        return (major, minor).CompareTo((8, 4)) >= 0 ? MySqlDialect.Version84 : MySqlDialect.Version80;
    }

    /// <summary>The dialect's name, e.g. <c>MariaDB</c> or <c>MySQL 8.4</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Stops both replication threads; configured replication stays.</summary>
    public abstract string StopReplica { get; }

    /// <summary>Starts both replication threads.</summary>
    public abstract string StartReplica { get; }

    /// <summary>Forgets the source and the replication configuration for good.</summary>
    public abstract string ResetReplicaAll { get; }

    /// <summary>The statement whose single row (none when not a replica) <see cref="ParseHealth"/> reads.</summary>
    public abstract string ShowReplicaStatus { get; }

    /// <summary>One row: the applied GTID position of a replica, the server's own written GTID position, and <c>read_only</c>.</summary>
    public abstract string PositionsQuery { get; }

    /// <summary>Refuses writes of every account but replication (MySQL: also of administrators); the global read lock lets commits in flight finish.</summary>
    public abstract IReadOnlyList<string> Fence { get; }

    /// <summary>Makes the server writable again.</summary>
    public abstract IReadOnlyList<string> Unfence { get; }

    /// <summary>Makes a freshly loaded replica start from the snapshot's GTID position (the load's own writes are not transactions of the set).</summary>
    /// <param name="snapshotGtid">The source's GTID position at the snapshot.</param>
    public abstract IReadOnlyList<SqlStatement> SeedPosition(string snapshotGtid);

    /// <summary>Replicates only <paramref name="databases"/> (all when empty); run while the threads are stopped.</summary>
    /// <param name="databases">Database names (letters, digits, <c>_</c>, <c>$</c>, <c>-</c>).</param>
    public abstract SqlStatement ReplicationFilter(IReadOnlyList<string> databases);

    /// <summary>Points the replica at a source with GTID auto-positioning over TLS.</summary>
    /// <param name="source">Where the source listens.</param>
    /// <param name="account">The account the replica signs in with.</param>
    /// <param name="caPath">The CA file the replica's server verifies the source with; empty to encrypt without verifying.</param>
    public abstract SqlStatement ChangeSource(ServerConnection source, ReplicationAccount account, string caPath);

    /// <summary>Waits at most <paramref name="seconds"/> until the server has applied <paramref name="gtid"/>; the answer is <c>0</c> when it has.</summary>
    /// <param name="gtid">The position to reach.</param>
    /// <param name="seconds">How long to wait.</param>
    public abstract SqlStatement WaitForGtid(string gtid, double seconds);

    /// <summary>How many transactions <paramref name="applied"/> lacks to reach <paramref name="target"/>.</summary>
    /// <param name="applied">A GTID position or set.</param>
    /// <param name="target">The one to reach.</param>
    public abstract long Behind(string? applied, string? target);

    /// <summary>Reads the replica status row and the positions row into a health report.</summary>
    /// <param name="status">The columns of <see cref="ShowReplicaStatus"/>'s row by name; null when it gave none (not a replica).</param>
    /// <param name="positions">The row of <see cref="PositionsQuery"/>.</param>
    public ReplicaHealth ParseHealth(IReadOnlyDictionary<string, string?>? status, IReadOnlyList<string?> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        string? Column(string name) => status is not null && status.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
        var columns = StatusColumns;
        var sourceHost = Column(columns.SourceHost);
        var replicating = sourceHost is not null;
        return new ReplicaHealth(
            Reachable: true,
            IsReplicating: replicating,
            sourceHost,
            Column(columns.SourcePort) is { } port ? int.Parse(port, CultureInfo.InvariantCulture) : null,
            Column(columns.IoRunning),
            Column(columns.SqlRunning),
            Column(columns.SecondsBehind) is { } seconds ? long.Parse(seconds, CultureInfo.InvariantCulture) : null,
            Column("Last_SQL_Error") ?? Column("Last_IO_Error"),
            AppliedGtid: NullIfEmpty(replicating ? positions[0] : positions[1]),
            ReceivedGtid: replicating ? Column(columns.Received) : null,
            ReadOnly: positions[2] == "1");
    }

    /// <summary>The names of the status columns <see cref="ParseHealth"/> reads.</summary>
    protected abstract StatusColumnNames StatusColumns { get; }

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    /// <summary>The dialect's names of the replica status columns read.</summary>
    /// <param name="SourceHost">The source's host.</param>
    /// <param name="SourcePort">The source's port.</param>
    /// <param name="IoRunning">Whether the IO (receiver) thread runs: Yes, No or Connecting.</param>
    /// <param name="SqlRunning">Whether the SQL (applier) thread runs.</param>
    /// <param name="SecondsBehind">The lag estimate; NULL while a thread is stopped.</param>
    /// <param name="Received">The GTIDs received from the source, applied or not.</param>
    protected sealed record StatusColumnNames(string SourceHost, string SourcePort, string IoRunning, string SqlRunning, string SecondsBehind, string Received);
}
