namespace Serverless.Platforms.Azure;

/// <summary>What a long-running ARM operation does; decides what "done" means when its state is read from the resource.</summary>
public enum ArmOperationKind
{
    /// <summary>Creates a Flexible Server (<c>createMode: Default</c>).</summary>
    CreateServer,

    /// <summary>Creates a read replica (<c>createMode: Replica</c>).</summary>
    CreateReplica,

    /// <summary>Stops replication on a replica, which becomes a standalone, writable server (<c>replicationRole: None</c>).</summary>
    StopReplication,

    /// <summary>Changes server parameters (<c>updateConfigurations</c>).</summary>
    UpdateParameters,

    /// <summary>Changes compute size or storage.</summary>
    Scale,

    /// <summary>Starts a stopped server.</summary>
    StartServer,

    /// <summary>Stops a running server.</summary>
    StopServer,

    /// <summary>Restarts a server.</summary>
    RestartServer,

    /// <summary>Creates or replaces a firewall rule.</summary>
    CreateFirewallRule,

    /// <summary>Deletes a firewall rule.</summary>
    DeleteFirewallRule,

    /// <summary>Deletes a server.</summary>
    DeleteServer,
}
