namespace Serverless.Bench.Binlog;

/// <summary>What one read of the whole binlog through our client received.</summary>
/// <param name="Events">Events parsed (artificial rotates and format descriptions included).</param>
/// <param name="Bytes">Bytes of events that are in the files (artificial events left out).</param>
/// <param name="RowsEvents">Row events among them.</param>
internal readonly record struct BinlogReadTotals(long Events, long Bytes, long RowsEvents);
