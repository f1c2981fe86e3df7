namespace Serverless.DataPlane.Replication;

/// <summary>
/// MySQL 8.0.23+ and 8.4 (Azure Database for MySQL, external MySQL servers): <c>CHANGE REPLICATION SOURCE TO …
/// SOURCE_AUTO_POSITION = 1</c>, <c>START/STOP REPLICA</c>, <c>SHOW REPLICA STATUS</c> (Replica_*/…_Source columns),
/// GTID sets (<c>uuid:1-N</c>) in <c>gtid_executed</c>, positioning by <c>gtid_purged</c>, <c>WAIT_FOR_EXECUTED_GTID_SET</c>,
/// fencing with <c>super_read_only</c>. 8.4 removed <c>RESET MASTER</c>: it resets with <c>RESET BINARY LOGS AND GTIDS</c>.
/// Unit-tested on the documented column lists only: no MySQL server runs here.
/// </summary>
public sealed class MySqlDialect : ReplicationDialect
{
    private readonly bool _is84;

    private MySqlDialect(bool is84) => _is84 = is84;

    /// <summary>MySQL 8.0.23 to 8.3.</summary>
    public static MySqlDialect Version80 { get; } = new(is84: false);

    /// <summary>MySQL 8.4 and later.</summary>
    public static MySqlDialect Version84 { get; } = new(is84: true);

    /// <inheritdoc />
    public override string Name => _is84 ? "MySQL 8.4" : "MySQL 8.0";

    /// <inheritdoc />
    public override string StopReplica => "STOP REPLICA";

    /// <inheritdoc />
    public override string StartReplica => "START REPLICA";

    /// <inheritdoc />
    public override string ResetReplicaAll => "RESET REPLICA ALL";

    /// <inheritdoc />
    public override string ShowReplicaStatus => "SHOW REPLICA STATUS";

    // gtid_executed is both what a replica applied and what a server wrote: MySQL has one GTID set per server.
    /// <inheritdoc />
    public override string PositionsQuery => "SELECT @@GLOBAL.gtid_executed, @@GLOBAL.gtid_executed, @@GLOBAL.read_only";

    // super_read_only implies read_only and refuses administrators too (read_only alone lets SUPER write).
    /// <inheritdoc />
    public override IReadOnlyList<string> Fence { get; } = ["SET GLOBAL super_read_only = 1"];

    /// <inheritdoc />
    public override IReadOnlyList<string> Unfence { get; } = ["SET GLOBAL super_read_only = 0", "SET GLOBAL read_only = 0"];

    /// <inheritdoc />
    protected override StatusColumnNames StatusColumns { get; } =
        new("Source_Host", "Source_Port", "Replica_IO_Running", "Replica_SQL_Running", "Seconds_Behind_Source", "Retrieved_Gtid_Set");

    // gtid_purged may only be set on an empty gtid_executed: the reset empties it along with the load's binlog.
    /// <inheritdoc />
    public override IReadOnlyList<SqlStatement> SeedPosition(string snapshotGtid) =>
    [
        SqlStatement.Of(StopReplica),
        SqlStatement.Of(ResetReplicaAll),
        SqlStatement.Of(_is84 ? "RESET BINARY LOGS AND GTIDS" : "RESET MASTER"),
        new("SET GLOBAL gtid_purged = ?", [snapshotGtid]),
    ];

    /// <inheritdoc />
    public override SqlStatement ReplicationFilter(IReadOnlyList<string> databases)
    {
        var patterns = (databases ?? []).Select(MariaDbDialect.WildPattern).ToArray<object?>();
        return new($"CHANGE REPLICATION FILTER REPLICATE_WILD_DO_TABLE = ({string.Join(", ", patterns.Select(_ => "?"))})", patterns);
    }

    /// <inheritdoc />
    public override SqlStatement ChangeSource(ServerConnection source, ReplicationAccount account, string caPath)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(account);
        return new(
            "CHANGE REPLICATION SOURCE TO SOURCE_HOST = ?, SOURCE_PORT = ?, SOURCE_USER = ?, SOURCE_PASSWORD = ?, "
            + "SOURCE_SSL = 1, SOURCE_SSL_CA = ?, SOURCE_SSL_VERIFY_SERVER_CERT = ?, "
            + "SOURCE_AUTO_POSITION = 1, SOURCE_CONNECT_RETRY = 1, SOURCE_HEARTBEAT_PERIOD = 1",
            [source.Host, source.Port, account.User, account.Password, caPath, caPath.Length > 0 ? 1 : 0]);
    }

    /// <inheritdoc />
    public override SqlStatement WaitForGtid(string gtid, double seconds) => new("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)", [gtid, seconds]);

    /// <inheritdoc />
    public override long Behind(string? applied, string? target) => MySqlGtidSet.Behind(applied, target);
}
