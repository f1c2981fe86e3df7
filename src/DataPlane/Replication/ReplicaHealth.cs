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
}
