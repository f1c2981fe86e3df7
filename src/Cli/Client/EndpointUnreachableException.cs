namespace Serverless.Cli.Client;

/// <summary>No answer from the endpoint: the connection was refused, the name did not resolve, or it timed out.</summary>
public sealed class EndpointUnreachableException(string message, Exception? inner) : Exception(message, inner);
