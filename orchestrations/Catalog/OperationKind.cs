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

    /// <summary>Resetting an instance's status to ERROR (Trove <c>reset_status</c>), interrupting what ran on it.</summary>
    public const string ResetStatus = "reset-status";

    /// <summary>Changing an instance's flavor or volume size.</summary>
    public const string Resize = "resize";

    /// <summary>Applying a configuration group's values to an instance's server (attach, detach, or a change of the group).</summary>
    public const string Configure = "configure";

    /// <summary>Promoting a replica to source of its replica set (switchover).</summary>
    public const string Promote = "promote";

    /// <summary>Replacing a dead source by its most advanced replica (failover).</summary>
    public const string Eject = "eject";

    /// <summary>Detaching a replica from its source.</summary>
    public const string Detach = "detach";

    /// <summary>Rebuilding a replica's data from a fresh snapshot.</summary>
    public const string Resync = "resync";

    /// <summary>Gives the server the instance's access (firewall rules where the platform has them).</summary>
    public const string Access = "access";
}
