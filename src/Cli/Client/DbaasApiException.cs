namespace Serverless.Cli.Client;

/// <summary>The API refused a request; <see cref="Exception.Message"/> is the API's own message when it sent one.</summary>
public sealed class DbaasApiException(int status, string message) : Exception(message)
{
    /// <summary>Gets the HTTP status of the response.</summary>
    public int Status { get; } = status;
}
