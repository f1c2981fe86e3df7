namespace Serverless.Cli.Client;

/// <summary>
/// What <c>dbaas backup-create</c> asks for; <paramref name="InstanceId"/> and <see cref="ParentId"/> are already
/// resolved from names.
/// </summary>
internal sealed record NewBackup(string Name, string InstanceId, string? Description)
{
    /// <summary>Back up only the changes since the instance's latest completed backup.</summary>
    public bool Incremental { get; init; }

    /// <summary>The backup an incremental backup continues; null to let the service choose.</summary>
    public string? ParentId { get; init; }
}
