namespace Serverless.Platforms;

/// <summary>What a long platform operation (<see cref="PlatformOperation"/>) does.</summary>
public enum PlatformOperationKind
{
    /// <summary>Creates a server, or makes sure an existing one runs (<see cref="IDatabasePlatform.BeginProvisionAsync"/>).</summary>
    Provision,

    /// <summary>Starts a stopped server.</summary>
    Start,

    /// <summary>Stops a running server.</summary>
    Stop,

    /// <summary>Restarts a server.</summary>
    Restart,

    /// <summary>Deletes a server with its data and its admin secret.</summary>
    Delete,

    /// <summary>Changes a server's compute size and/or volume.</summary>
    Resize,

    /// <summary>Creates a read replica of another server (platforms that make replicas natively).</summary>
    CreateReplica,

    /// <summary>Makes a replica a standalone, writable server.</summary>
    StopReplication,

    /// <summary>Makes a server read-only or writable for ordinary accounts (<see cref="IDatabasePlatform.SetReadOnlyAsync"/>).</summary>
    SetReadOnly,

    /// <summary>Gives a server the parameters of its configuration group (<see cref="IDatabasePlatform.ApplyParametersAsync"/>).</summary>
    ApplyParameters,

    /// <summary>Gives a server its network access: firewall rules where the platform has them (<see cref="IDatabasePlatform.BeginSetNetworkAccessAsync"/>).</summary>
    SetNetworkAccess,
}
