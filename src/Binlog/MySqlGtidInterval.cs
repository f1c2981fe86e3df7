namespace Serverless.Binlog;

/// <summary>A closed range of MySQL transaction numbers of one source, <c>Start-End</c> (both included).</summary>
/// <param name="Start">The first transaction number, at least 1.</param>
/// <param name="End">The last transaction number, at least <paramref name="Start"/>.</param>
public readonly record struct MySqlGtidInterval(long Start, long End);
