namespace Serverless.Binlog.Events;

/// <summary>What a <see cref="RowsEvent"/> does to its rows.</summary>
public enum RowsEventKind
{
    /// <summary>Inserts rows (one image per row).</summary>
    Write,
    /// <summary>Updates rows (a before and an after image per row).</summary>
    Update,
    /// <summary>Deletes rows (one before image per row).</summary>
    Delete,
}
