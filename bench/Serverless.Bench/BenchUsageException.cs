namespace Serverless.Bench;

/// <summary>The command line of a benchmark is wrong; the message says which option and why.</summary>
internal sealed class BenchUsageException(string message) : Exception(message);
