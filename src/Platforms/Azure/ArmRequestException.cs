namespace Serverless.Platforms.Azure;

/// <summary>
/// ARM refused or failed a request of <see cref="FlexibleServerClient"/>. Carries ARM's status, error code and
/// message; never a request body (so never the administrator password). Specific cases derive from it:
/// <see cref="ArmResourceNotFoundException"/>, <see cref="ArmConflictException"/>, <see cref="ArmThrottledException"/>,
/// <see cref="ArmAuthorizationException"/>.
/// </summary>
public class ArmRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="action">What was attempted, for the message, e.g. "Creating Flexible Server 'db1'".</param>
    /// <param name="status">The HTTP status ARM answered; 0 when no answer came.</param>
    /// <param name="errorCode">ARM's <c>error.code</c>; null when the answer had none.</param>
    /// <param name="armMessage">ARM's <c>error.message</c>; null when the answer had none.</param>
    /// <param name="innerException">The exception of the Azure SDK, if any.</param>
    public ArmRequestException(string action, int status, string? errorCode, string? armMessage, Exception? innerException = null)
        : base(FormatMessage(action, status, errorCode, armMessage), innerException)
    {
        Status = status;
        ErrorCode = errorCode;
        ArmMessage = armMessage;
    }

    /// <summary>The HTTP status ARM answered; 0 when no answer came.</summary>
    public int Status { get; }

    /// <summary>ARM's error code, e.g. <c>InvalidParameterValue</c>; null when the answer had none.</summary>
    public string? ErrorCode { get; }

    /// <summary>ARM's error message; null when the answer had none.</summary>
    public string? ArmMessage { get; }

    private static string FormatMessage(string action, int status, string? errorCode, string? armMessage)
    {
        var code = errorCode is null ? "" : $" ({errorCode})";
        var detail = string.IsNullOrWhiteSpace(armMessage) ? "" : $": {armMessage}";
        return status == 0
            ? $"{action} failed: Azure Resource Manager did not answer{detail}"
            : $"{action} failed: Azure Resource Manager answered {status}{code}{detail}";
    }
}
