namespace Serverless.Bench.MySqlStream;

/// <summary>What one full scan received.</summary>
/// <param name="Rows">Rows read.</param>
/// <param name="Bytes">Bytes of row values as received (text protocol), without packet or length framing.</param>
internal readonly record struct ScanTotals(long Rows, long Bytes);
