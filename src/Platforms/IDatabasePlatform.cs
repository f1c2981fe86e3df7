namespace Serverless.Platforms;

/// <summary>
/// Where database servers come from: local <c>mariadbd</c> processes or Azure Database for MySQL
/// Flexible Servers. Orchestration activities call these operations; each one is idempotent, so a
/// step that was running when the host crashed can simply run again.
/// </summary>
/// <remarks>
/// Servers are named by <see cref="ServerSpec.ServerId"/>, the control plane's stable id. Passwords
/// never pass through this interface: the admin password lives in an <see cref="ISecretStore"/>
/// under <see cref="ServerSpec.AdminSecretId"/>.
/// </remarks>
public interface IDatabasePlatform
{
    /// <summary>
    /// Creates the server described by <paramref name="spec"/> and starts it, or, when it already
    /// exists, makes sure it runs. Generates the admin password on first provision and stores it in
    /// the secret store under <see cref="ServerSpec.AdminSecretId"/>.
    /// </summary>
    /// <param name="spec">What to create.</param>
    /// <param name="cancellationToken">Cancels the operation; running it again later is safe.</param>
    /// <returns>Where clients connect.</returns>
    /// <exception cref="ServerNotFoundException">The server was provisioned before and its data has since disappeared.</exception>
    /// <exception cref="InvalidOperationException">A server with this id exists with a different spec.</exception>
    Task<ServerEndpoint> ProvisionAsync(ServerSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// How to connect to a running server as its admin account, for data-plane work such as taking or
    /// loading a snapshot: endpoint, account, the secret id of its password, and the CA to verify the
    /// server's TLS certificate against. The caller reads the password from the secret store.
    /// </summary>
    /// <param name="serverId">The server.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Host, port, admin user, password secret id and CA certificate.</returns>
    /// <exception cref="ServerNotFoundException">No such server, or its data is gone.</exception>
    /// <exception cref="InvalidOperationException">The server is not running.</exception>
    Task<ServerAdminAccess> GetAdminAccessAsync(string serverId, CancellationToken cancellationToken);

    /// <summary>Starts a stopped server; does nothing when it runs.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="cancellationToken">Cancels the operation; running it again later is safe.</param>
    /// <exception cref="ServerNotFoundException">No such server, or its data is gone.</exception>
    Task StartAsync(string serverId, CancellationToken cancellationToken);

    /// <summary>Shuts a server down cleanly and keeps it stopped; does nothing when it is stopped.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="cancellationToken">Cancels the operation; running it again later is safe.</param>
    /// <exception cref="ServerNotFoundException">No such server.</exception>
    Task StopAsync(string serverId, CancellationToken cancellationToken);

    /// <summary>Shuts a server down cleanly, if it runs, and starts it again.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="cancellationToken">Cancels the operation; running it again later is safe.</param>
    /// <exception cref="ServerNotFoundException">No such server, or its data is gone.</exception>
    Task RestartAsync(string serverId, CancellationToken cancellationToken);

    /// <summary>
    /// Stops a server and deletes it with its data and its admin secret. A server that does not
    /// exist (any more) is fine.
    /// </summary>
    /// <param name="serverId">The server.</param>
    /// <param name="cancellationToken">Cancels the operation; running it again later is safe.</param>
    Task DeleteAsync(string serverId, CancellationToken cancellationToken);

    /// <summary>What state a server is in, where it listens and how much of its volume it uses.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The status; <see cref="ServerState.Missing"/> for an unknown server.</returns>
    Task<ServerStatus> GetStatusAsync(string serverId, CancellationToken cancellationToken);

    /// <summary>
    /// Brings every known server to the state it should be in, as a host does when it starts:
    /// a server that should run and does not is started again; one whose data has disappeared
    /// is reported <see cref="ServerState.Missing"/>.
    /// </summary>
    /// <param name="cancellationToken">Cancels the operation; running it again later is safe.</param>
    /// <returns>The status of every known server after reconciling.</returns>
    Task<IReadOnlyList<ServerStatus>> ReconcileAsync(CancellationToken cancellationToken);
}
