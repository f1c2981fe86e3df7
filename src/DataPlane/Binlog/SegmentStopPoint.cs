namespace Serverless.DataPlane.Binlog;

/// <summary>Where a point-in-time restore stops applying: after a moment, or after a transaction.</summary>
/// <param name="Time">Apply every transaction the source committed at or before this moment (binlog timestamps have whole seconds); null for none.</param>
/// <param name="Gtid">Apply up to and including this transaction (<c>domain-server-sequence</c>); null for none.</param>
public sealed record SegmentStopPoint(DateTimeOffset? Time, string? Gtid);
