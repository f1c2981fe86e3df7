namespace Serverless.DataPlane.Replication;

/// <summary>
/// What a server says about its replication (MariaDB <c>SHOW SLAVE STATUS</c> and the GTID variables), read with a
/// short deadline. A server that does not answer in time gives <see cref="ReplicaHealth.Unknown"/>.
/// </summary>
/// <param name="Reachable">Whether the server answered.</param>
/// <param name="IsReplicating">Whether replication is configured on it (a source or standalone server has none).</param>
/// <param name="SourceHost">The host it replicates from; null when none.</param>
/// <param name="SourcePort">The port it replicates from; null when none.</param>
/// <param name="IoThreadState">The IO thread: <c>Yes</c>, <c>No</c> or <c>Connecting</c>; null when none.</param>
/// <param name="SqlThreadState">The SQL thread: <c>Yes</c> or <c>No</c>; null when none.</param>
/// <param name="SecondsBehind">Seconds behind the source as the server estimates it; null when unknown (a thread stopped).</param>
/// <param name="LastError">The last IO or SQL error; null when none.</param>
/// <param name="AppliedGtid">The GTID position applied (<c>gtid_slave_pos</c> on a replica, <c>gtid_binlog_pos</c> otherwise).</param>
/// <param name="ReceivedGtid">The GTID position received from the source (<c>Gtid_IO_Pos</c>), applied or not; null when none.</param>
/// <param name="ReadOnly">Whether the server refuses writes of ordinary accounts.</param>
public sealed record ReplicaHealth(
    bool Reachable,
    bool IsReplicating,
    string? SourceHost,
    int? SourcePort,
    string? IoThreadState,
    string? SqlThreadState,
    long? SecondsBehind,
    string? LastError,
    string? AppliedGtid,
    string? ReceivedGtid,
    bool? ReadOnly)
{
    /// <summary>A server that did not answer in time.</summary>
    public static ReplicaHealth Unknown { get; } = new(false, false, null, null, null, null, null, null, null, null, null);

    /// <summary>Whether both replication threads run.</summary>
    public bool IsRunning => IoThreadState == "Yes" && SqlThreadState == "Yes";

    /// <summary>
    /// Gets the server's version string (<c>10.11.6-MariaDB</c>, <c>8.0.36</c>), which names the dialect its GTIDs are
    /// written in; null when the server did not answer.
    /// </summary>
    public string? ServerVersion { get; init; }

    /// <summary>
    /// How many transactions this server's applied position lacks to reach <paramref name="target"/>, counted in the
    /// dialect of the server's version (MariaDB positions, MySQL GTID sets); the target comes from the same replica set.
    /// </summary>
    /// <param name="target">A GTID position or set of the same kind of server.</param>
    /// <returns>The count; 0 when this server has it all.</returns>
    public long TransactionsBehind(string? target) => Dialect.Behind(AppliedGtid, target);

    /// <summary>How many transactions this server has received (applied or not): what a failover elects by.</summary>
    /// <returns>The count of transactions in <see cref="ReceivedGtid"/>, else in <see cref="AppliedGtid"/>.</returns>
    public long TransactionsReceived() => Dialect.Behind(null, ReceivedGtid ?? AppliedGtid);

    // A health read without a version (an older history) was a MariaDB one: the only servers read before versions were kept.
    private ReplicationDialect Dialect => ReplicationDialect.ForVersion(ServerVersion ?? "MariaDB");
}
