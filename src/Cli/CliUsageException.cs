namespace Serverless.Cli;

/// <summary>The command line cannot be acted on as given (exit code 2); the message says what to pass instead.</summary>
public sealed class CliUsageException(string message) : Exception(message);
