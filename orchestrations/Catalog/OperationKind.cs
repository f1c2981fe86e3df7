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

    /// <summary>Promoting a replica to source of its replica set (switchover).</summary>
    public const string Promote = "promote";

    /// <summary>Replacing a dead source by its most advanced replica (failover).</summary>
    public const string Eject = "eject";

    /// <summary>Detaching a replica from its source.</summary>
    public const string Detach = "detach";

    /// <summary>Rebuilding a replica's data from a fresh snapshot.</summary>
    public const string Resync = "resync";
}
