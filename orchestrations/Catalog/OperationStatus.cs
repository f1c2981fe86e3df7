namespace Serverless.Orchestrations.Catalog;

/// <summary>The statuses of an operation.</summary>
public static class OperationStatus
{
    /// <summary>The operation is running.</summary>
    public const string Running = "RUNNING";

    /// <summary>The operation finished successfully.</summary>
    public const string Completed = "COMPLETED";

    /// <summary>The operation failed; see <see cref="OperationView.Error"/>.</summary>
    public const string Failed = "FAILED";
}
