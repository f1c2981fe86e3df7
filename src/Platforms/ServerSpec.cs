namespace Serverless.Platforms;

/// <summary>What <see cref="IDatabasePlatform.ProvisionAsync"/> creates.</summary>
/// <param name="ServerId">
/// The control plane's stable id of the server (for example the instance id); letters, digits,
/// <c>-</c>, <c>_</c> and <c>.</c>, at most 64 characters, not starting with <c>.</c>. Platforms use
/// it in resource and directory names.
/// </param>
/// <param name="MySqlServerId">The replication <c>server_id</c>, unique among servers that replicate together.</param>
/// <param name="Flavor">CPU, memory and connection limits.</param>
/// <param name="VolumeSizeGigabytes">The size of the data volume.</param>
/// <param name="ReadOnly">True for replicas: the server starts with <c>read_only</c>.</param>
/// <param name="AdminSecretId">The id under which the admin password is kept in the secret store.</param>
public sealed record ServerSpec(
    string ServerId,
    int MySqlServerId,
    FlavorSpec Flavor,
    int VolumeSizeGigabytes,
    bool ReadOnly,
    string AdminSecretId);
