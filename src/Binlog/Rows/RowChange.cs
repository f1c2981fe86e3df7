namespace Serverless.Binlog.Rows;

/// <summary>One row of a rows event.</summary>
/// <param name="Before">The row before the change: set for updates and deletes.</param>
/// <param name="After">The row after the change: set for inserts and updates.</param>
public sealed record RowChange(RowImage? Before, RowImage? After);
