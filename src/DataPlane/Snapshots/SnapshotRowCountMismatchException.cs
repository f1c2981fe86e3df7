namespace Serverless.DataPlane.Snapshots;

/// <summary>
/// A table loaded from a snapshot holds a different number of rows than the snapshot recorded (rows were
/// rejected or duplicated on the way in). The target's copy is not a faithful restore; load again into a
/// clean target, and if it repeats, the snapshot or the target's schema is at fault.
/// </summary>
public sealed class SnapshotRowCountMismatchException : Exception
{
    /// <summary>Creates the exception for table <paramref name="database"/>.<paramref name="table"/> of set <paramref name="setId"/>.</summary>
    public SnapshotRowCountMismatchException(string setId, string database, string table, long expectedRows, long actualRows)
        : base($"Loading snapshot set '{setId}' put {actualRows:N0} rows into table `{database}`.`{table}`, but the snapshot holds {expectedRows:N0}. "
            + "The restored table is not a faithful copy; check the target's warnings and schema, then load again.")
    {
        SetId = setId;
        Database = database;
        Table = table;
        ExpectedRows = expectedRows;
        ActualRows = actualRows;
    }

    /// <summary>The snapshot's artifact set.</summary>
    public string SetId { get; }

    /// <summary>The table's database.</summary>
    public string Database { get; }

    /// <summary>The table.</summary>
    public string Table { get; }

    /// <summary>Rows the snapshot recorded.</summary>
    public long ExpectedRows { get; }

    /// <summary>Rows the load reported.</summary>
    public long ActualRows { get; }
}
