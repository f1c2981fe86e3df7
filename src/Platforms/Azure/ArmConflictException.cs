namespace Serverless.Platforms.Azure;

/// <summary>
/// ARM answered 409: the request conflicts with the resource's state, e.g. another operation runs on the server
/// or the name is taken. Waiting for the other operation and trying again usually helps.
/// </summary>
public sealed class ArmConflictException : ArmRequestException
{
    /// <inheritdoc cref="ArmRequestException(string, int, string?, string?, Exception?)" />
    public ArmConflictException(string action, string? errorCode, string? armMessage, Exception? innerException = null)
        : base(action, 409, errorCode, armMessage, innerException)
    {
    }
}
