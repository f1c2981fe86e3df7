namespace Serverless.Cli.Client;

/// <summary>A long-running operation ended in <c>FAILED</c>; the message is the operation's error.</summary>
public sealed class OperationFailedException(string message) : Exception(message);
