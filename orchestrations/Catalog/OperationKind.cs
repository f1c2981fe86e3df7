namespace Serverless.Orchestrations.Catalog;

/// <summary>The kinds of operation on an instance.</summary>
public static class OperationKind
{
    /// <summary>Creating an instance, from scratch or restored from a backup.</summary>
    public const string Create = "create";

    /// <summary>Restarting an instance's server.</summary>
    public const string Restart = "restart";

    /// <summary>Deleting an instance.</summary>
    public const string Delete = "delete";

    /// <summary>Taking a backup of an instance.</summary>
    public const string Backup = "backup";
}
