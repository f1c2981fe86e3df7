namespace Serverless.Orchestrations.Catalog;

/// <summary>The Trove instance status vocabulary.</summary>
public static class InstanceStatus
{
    /// <summary>The instance is being created.</summary>
    public const string Build = "BUILD";

    /// <summary>The instance runs and accepts connections.</summary>
    public const string Active = "ACTIVE";

    /// <summary>A backup of the instance is being taken; the instance keeps serving.</summary>
    public const string Backup = "BACKUP";

    /// <summary>The instance is being restarted.</summary>
    public const string Reboot = "REBOOT";

    /// <summary>The instance is being deleted.</summary>
    public const string Shutdown = "SHUTDOWN";

    /// <summary>An operation failed; see <see cref="InstanceView.Fault"/>.</summary>
    public const string Error = "ERROR";

    /// <summary>The instance's flavor or volume is being changed; its server restarts.</summary>
    public const string Resize = "RESIZE";

    /// <summary>The instance runs, but configuration values it was given take effect only after a restart.</summary>
    public const string RestartRequired = "RESTART_REQUIRED";

    /// <summary>A configuration group is being applied to (or removed from) the instance's server.</summary>
    public const string Configuring = "CONFIGURING";

    /// <summary>A replica is being promoted to source; every member of the replica set shows it.</summary>
    public const string Promote = "PROMOTE";

    /// <summary>A dead source is being replaced by its most advanced replica; every member of the replica set shows it.</summary>
    public const string Eject = "EJECT";

    /// <summary>A replica is being detached from its source to become a standalone instance.</summary>
    public const string Detach = "DETACH";

    /// <summary>A replica's data is being rebuilt from a fresh snapshot of its source.</summary>
    public const string Resync = "RESYNC";
}
