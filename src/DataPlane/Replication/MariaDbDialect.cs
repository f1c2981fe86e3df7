namespace Serverless.DataPlane.Replication;

/// <summary>
/// MariaDB 10.11: <c>CHANGE MASTER TO … MASTER_USE_GTID = slave_pos</c>, <c>SHOW SLAVE STATUS</c> (Slave_*/…_Master
/// columns; MariaDB's <c>SHOW REPLICA STATUS</c> keeps them too), domain-server-sequence GTID positions,
/// <c>MASTER_GTID_WAIT</c>, filters as global variables.
/// </summary>
public sealed class MariaDbDialect : ReplicationDialect
{
    /// <summary>The one instance.</summary>
    public static MariaDbDialect Instance { get; } = new();

    private MariaDbDialect()
    {
    }

    /// <inheritdoc />
    public override string Name => "MariaDB";

    /// <inheritdoc />
    public override string StopReplica => "STOP SLAVE";

    /// <inheritdoc />
    public override string StartReplica => "START SLAVE";

    /// <inheritdoc />
    public override string ResetReplicaAll => "RESET SLAVE ALL";

    /// <inheritdoc />
    public override string ShowReplicaStatus => "SHOW SLAVE STATUS";

    /// <inheritdoc />
    public override string PositionsQuery => "SELECT @@GLOBAL.gtid_slave_pos, @@GLOBAL.gtid_binlog_pos, @@GLOBAL.read_only";

    // read_only in 10.11 also refuses SUPER; only READ_ONLY ADMIN and the replication threads write.
    /// <inheritdoc />
    public override IReadOnlyList<string> Fence { get; } = ["SET GLOBAL read_only = 1"];

    /// <inheritdoc />
    public override IReadOnlyList<string> Unfence { get; } = ["SET GLOBAL read_only = 0"];

    /// <inheritdoc />
    protected override StatusColumnNames StatusColumns { get; } =
        new("Master_Host", "Master_Port", "Slave_IO_Running", "Slave_SQL_Running", "Seconds_Behind_Master", "Gtid_IO_Pos");

    // The binlog state too, so that after a promotion a former source asking from the snapshot's position finds it here.
    /// <inheritdoc />
    public override IReadOnlyList<SqlStatement> SeedPosition(string snapshotGtid) =>
    [
        SqlStatement.Of(StopReplica),
        SqlStatement.Of(ResetReplicaAll),
        SqlStatement.Of("RESET MASTER"),
        new("SET GLOBAL gtid_binlog_state = ?", [snapshotGtid]),
        new("SET GLOBAL gtid_slave_pos = ?", [snapshotGtid]),
    ];

    // 'db.%' per database with LIKE's wildcards escaped (a database named a_b must not match aXb).
    /// <inheritdoc />
    public override SqlStatement ReplicationFilter(IReadOnlyList<string> databases) =>
        new("SET GLOBAL replicate_wild_do_table = ?", [string.Join(',', (databases ?? []).Select(WildPattern))]);

    /// <inheritdoc />
    public override SqlStatement ChangeSource(ServerConnection source, ReplicationAccount account, string caPath)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(account);
        return new(
            "CHANGE MASTER TO MASTER_HOST = ?, MASTER_PORT = ?, MASTER_USER = ?, MASTER_PASSWORD = ?, "
            + "MASTER_SSL = 1, MASTER_SSL_CA = ?, MASTER_SSL_VERIFY_SERVER_CERT = ?, "
            + "MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1, MASTER_HEARTBEAT_PERIOD = 1",
            [source.Host, source.Port, account.User, account.Password, caPath, caPath.Length > 0 ? 1 : 0]);
    }

    /// <inheritdoc />
    public override SqlStatement WaitForGtid(string gtid, double seconds) => new("SELECT MASTER_GTID_WAIT(?, ?)", [gtid, seconds]);

    /// <inheritdoc />
    public override long Behind(string? applied, string? target) => GtidPosition.Behind(applied, target);

    internal static string WildPattern(string database) =>
        database.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal) + ".%";
}
