namespace Serverless.Bench;

/// <summary>How a tool run ended.</summary>
/// <param name="Elapsed">Wall time from starting the process to its exit.</param>
/// <param name="Output">Captured standard output; empty when it was discarded.</param>
/// <param name="Error">Captured standard error.</param>
internal sealed record ToolResult(TimeSpan Elapsed, string Output, string Error);
