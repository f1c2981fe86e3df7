namespace Serverless.Platforms.Azure;

/// <summary>ARM answered 404: the server, firewall rule, parameter or operation does not exist (any more).</summary>
public sealed class ArmResourceNotFoundException : ArmRequestException
{
    /// <inheritdoc cref="ArmRequestException(string, int, string?, string?, Exception?)" />
    public ArmResourceNotFoundException(string action, string? errorCode, string? armMessage, Exception? innerException = null)
        : base(action, 404, errorCode, armMessage, innerException)
    {
    }
}
