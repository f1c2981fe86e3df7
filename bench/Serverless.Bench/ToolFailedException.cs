namespace Serverless.Bench;

/// <summary>A tool could not be started or exited with a non-zero code.</summary>
internal sealed class ToolFailedException(string message) : Exception(message);
