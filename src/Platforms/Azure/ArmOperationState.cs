namespace Serverless.Platforms.Azure;

/// <summary>Where a long-running ARM operation stands after one poll.</summary>
public enum ArmOperationState
{
    /// <summary>Still running: poll again after <see cref="ArmOperationStatus.RetryAfter"/>.</summary>
    InProgress,

    /// <summary>Finished successfully.</summary>
    Succeeded,

    /// <summary>Finished unsuccessfully (failed or canceled): <see cref="ArmOperationStatus.ErrorCode"/> and <see cref="ArmOperationStatus.ErrorMessage"/> say why.</summary>
    Failed,
}
