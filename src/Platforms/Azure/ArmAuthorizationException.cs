namespace Serverless.Platforms.Azure;

/// <summary>
/// ARM answered 401 or 403: the credential is not accepted, or its identity lacks a role for the action (see the
/// MySQL operator role in infra/bicep).
/// </summary>
public sealed class ArmAuthorizationException : ArmRequestException
{
    /// <inheritdoc cref="ArmRequestException(string, int, string?, string?, Exception?)" />
    public ArmAuthorizationException(string action, int status, string? errorCode, string? armMessage, Exception? innerException = null)
        : base(action, status, errorCode, armMessage, innerException)
    {
    }
}
