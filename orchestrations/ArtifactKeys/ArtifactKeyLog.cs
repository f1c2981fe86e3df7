using Microsoft.Extensions.Logging;

namespace Serverless.Orchestrations.ArtifactKeys;

/// <summary>The log messages about artifact keys: ids only, never key material.</summary>
internal static partial class ArtifactKeyLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "New backup artifacts are encrypted with artifact key {KeyId}.")]
    public static partial void CurrentKeyReady(ILogger logger, string keyId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The current artifact key {KeyId} is not usable, so backups fail until it is: {Reason}")]
    public static partial void CurrentKeyMissing(ILogger logger, string keyId, string reason);
}
