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
/// <para>
/// Operations that take long on some platform have a <c>Begin…Async</c> form that returns a
/// <see cref="PlatformOperation"/> to poll with <see cref="PollAsync"/>; orchestrations use those, so that a host
/// restart in the middle of one continues polling instead of starting it again. Their default implementations run the
/// one-call form and return a completed operation, which is all a platform that works synchronously (the local one)
/// needs.
/// </para>
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
    /// Gives a server a new size: a new flavor (memory-derived settings such as the buffer pool, and <c>max_connections</c>)
    /// and/or a larger volume. The server restarts when the change needs it and runs afterwards. Running it again with the
    /// same arguments is safe.
    /// </summary>
    /// <param name="serverId">The server.</param>
    /// <param name="flavor">The new flavor; null keeps the current one.</param>
    /// <param name="volumeGigabytes">The new volume size; null keeps the current one.</param>
    /// <param name="cancellationToken">Cancels the operation; running it again later is safe.</param>
    /// <exception cref="ServerNotFoundException">No such server, or its data is gone.</exception>
    /// <exception cref="ArgumentException">The volume would shrink, or the data does not fit it; nothing was changed.</exception>
    Task ResizeAsync(string serverId, FlavorSpec? flavor, int? volumeGigabytes, CancellationToken cancellationToken);

    /// <summary>
    /// Gives a running server its parameters: <paramref name="parameters"/> is the complete set the control plane manages,
    /// each with its value or null for the default. Every value is kept for the server's next start; dynamic ones are also
    /// set at once. Running it again with the same arguments is safe.
    /// </summary>
    /// <param name="serverId">The server.</param>
    /// <param name="parameters">Every managed parameter, with its value or null.</param>
    /// <param name="cancellationToken">Cancels the operation; running it again later is safe.</param>
    /// <returns>True when a parameter that needs a restart differs from what the running server started with.</returns>
    /// <exception cref="ServerNotFoundException">No such server, or its data is gone.</exception>
    /// <exception cref="InvalidOperationException">The server is not running, or refused a value.</exception>
    Task<bool> ApplyParametersAsync(string serverId, IReadOnlyList<ServerParameterSetting> parameters, CancellationToken cancellationToken);

    /// <summary>
    /// Sets whether the server refuses writes of ordinary accounts (<c>read_only</c>), now if it runs and at every
    /// later start: replicas, and a fenced former source that must not take writes if it comes back. A server that is
    /// down is only marked; it starts read-only.
    /// </summary>
    /// <param name="serverId">The server.</param>
    /// <param name="isReadOnly">Whether ordinary accounts are refused writes.</param>
    /// <param name="cancellationToken">Cancels the operation; running it again is safe.</param>
    /// <exception cref="ServerNotFoundException">No such server.</exception>
    /// <exception cref="NotSupportedException">The platform cannot change it.</exception>
    Task SetReadOnlyAsync(string serverId, bool isReadOnly, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"This platform cannot change whether server '{serverId}' is read-only.");

    /// <summary>
    /// Keeps a replica's replication filter for every later start of its server: only these databases are replicated
    /// (a migration from an external source copies only the databases it names); an empty list replicates everything
    /// again. Whoever configures replication sets the running server's filter (it may only change while replication is
    /// stopped); this makes a restart or resize keep it. The default does nothing: a platform whose filter survives a
    /// restart by its own means, or that has no such filter, needs no more.
    /// </summary>
    /// <param name="serverId">The replica's server.</param>
    /// <param name="databases">The databases replicated; empty for all.</param>
    /// <param name="cancellationToken">Cancels the operation; running it again is safe.</param>
    /// <exception cref="ServerNotFoundException">No such server.</exception>
    Task KeepReplicationFilterAsync(string serverId, IReadOnlyList<string> databases, CancellationToken cancellationToken) => Task.CompletedTask;

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

    /// <summary>
    /// Gets a value indicating whether the platform makes read replicas itself (<see cref="BeginCreateReplicaAsync"/>):
    /// seeded and replicating without the control plane's snapshot and <c>CHANGE MASTER</c> steps, as on Azure.
    /// </summary>
    bool CreatesReplicasNatively => false;

    /// <summary>Begins <see cref="ProvisionAsync"/>; the same rules apply. Poll the result until it completes.</summary>
    /// <param name="spec">What to create.</param>
    /// <param name="cancellationToken">Cancels the request; beginning again later is safe.</param>
    /// <returns>The operation.</returns>
    async Task<PlatformOperation> BeginProvisionAsync(ServerSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await ProvisionAsync(spec, cancellationToken).ConfigureAwait(false);
        return PlatformOperation.Completed(spec.ServerId, PlatformOperationKind.Provision);
    }

    /// <summary>Begins <see cref="StartAsync"/>.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="cancellationToken">Cancels the request; beginning again later is safe.</param>
    /// <returns>The operation.</returns>
    async Task<PlatformOperation> BeginStartAsync(string serverId, CancellationToken cancellationToken)
    {
        await StartAsync(serverId, cancellationToken).ConfigureAwait(false);
        return PlatformOperation.Completed(serverId, PlatformOperationKind.Start);
    }

    /// <summary>Begins <see cref="StopAsync"/>.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="cancellationToken">Cancels the request; beginning again later is safe.</param>
    /// <returns>The operation.</returns>
    async Task<PlatformOperation> BeginStopAsync(string serverId, CancellationToken cancellationToken)
    {
        await StopAsync(serverId, cancellationToken).ConfigureAwait(false);
        return PlatformOperation.Completed(serverId, PlatformOperationKind.Stop);
    }

    /// <summary>Begins <see cref="RestartAsync"/>.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="cancellationToken">Cancels the request; beginning again later is safe.</param>
    /// <returns>The operation.</returns>
    async Task<PlatformOperation> BeginRestartAsync(string serverId, CancellationToken cancellationToken)
    {
        await RestartAsync(serverId, cancellationToken).ConfigureAwait(false);
        return PlatformOperation.Completed(serverId, PlatformOperationKind.Restart);
    }

    /// <summary>Begins <see cref="DeleteAsync"/>.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="cancellationToken">Cancels the request; beginning again later is safe.</param>
    /// <returns>The operation.</returns>
    async Task<PlatformOperation> BeginDeleteAsync(string serverId, CancellationToken cancellationToken)
    {
        await DeleteAsync(serverId, cancellationToken).ConfigureAwait(false);
        return PlatformOperation.Completed(serverId, PlatformOperationKind.Delete);
    }

    /// <summary>
    /// Begins changing a server's size: its flavor (compute, memory, connections), its volume, or both. Volumes only grow.
    /// </summary>
    /// <param name="serverId">The server.</param>
    /// <param name="flavor">The new size; null to keep it.</param>
    /// <param name="volumeSizeGigabytes">The new volume size; null to keep it.</param>
    /// <param name="cancellationToken">Cancels the request; beginning again later is safe.</param>
    /// <returns>The operation.</returns>
    async Task<PlatformOperation> BeginResizeAsync(string serverId, FlavorSpec? flavor, int? volumeSizeGigabytes, CancellationToken cancellationToken)
    {
        await ResizeAsync(serverId, flavor, volumeSizeGigabytes, cancellationToken).ConfigureAwait(false);
        return PlatformOperation.Completed(serverId, PlatformOperationKind.Resize);
    }

    /// <summary>Begins <see cref="SetReadOnlyAsync"/>; the same rules apply. Poll the result until it completes.</summary>
    /// <param name="serverId">The server.</param>
    /// <param name="isReadOnly">Whether ordinary accounts are refused writes.</param>
    /// <param name="cancellationToken">Cancels the request; beginning again later is safe.</param>
    /// <returns>The operation.</returns>
    async Task<PlatformOperation> BeginSetReadOnlyAsync(string serverId, bool isReadOnly, CancellationToken cancellationToken)
    {
        await SetReadOnlyAsync(serverId, isReadOnly, cancellationToken).ConfigureAwait(false);
        return PlatformOperation.Completed(serverId, PlatformOperationKind.SetReadOnly);
    }

    /// <summary>
    /// Begins <see cref="ApplyParametersAsync"/>; the same rules apply. Poll the result until it completes: the completed
    /// operation's <see cref="PlatformOperation.RestartRequired"/> is what <see cref="ApplyParametersAsync"/> returns.
    /// </summary>
    /// <param name="serverId">The server.</param>
    /// <param name="parameters">Every managed parameter, with its value or null.</param>
    /// <param name="cancellationToken">Cancels the request; beginning again later is safe.</param>
    /// <returns>The operation.</returns>
    async Task<PlatformOperation> BeginApplyParametersAsync(string serverId, IReadOnlyList<ServerParameterSetting> parameters, CancellationToken cancellationToken)
    {
        var restartRequired = await ApplyParametersAsync(serverId, parameters, cancellationToken).ConfigureAwait(false);
        return PlatformOperation.Completed(serverId, PlatformOperationKind.ApplyParameters) with { RestartRequired = restartRequired };
    }

    /// <summary>
    /// Begins giving a server its network access: on a platform with firewall rules, one rule per allowed network (or one
    /// for every address), and the rules no longer wanted removed. A platform that does not filter by address (one
    /// machine, where every server listens on loopback) has nothing to do: the catalog records the access and shows it.
    /// </summary>
    /// <param name="serverId">The server.</param>
    /// <param name="access">Who may connect.</param>
    /// <param name="cancellationToken">Cancels the request; beginning again later is safe.</param>
    /// <returns>The operation.</returns>
    Task<PlatformOperation> BeginSetNetworkAccessAsync(string serverId, NetworkAccess access, CancellationToken cancellationToken) =>
        Task.FromResult(PlatformOperation.Completed(serverId, PlatformOperationKind.SetNetworkAccess));

    /// <summary>
    /// Begins creating <paramref name="replica"/> as a read replica of <paramref name="sourceServerId"/>, seeded and
    /// replicating by the platform itself; only where <see cref="CreatesReplicasNatively"/>. The replica's admin password
    /// is the source's, stored under the replica's <see cref="ServerSpec.AdminSecretId"/> as well.
    /// </summary>
    /// <param name="replica">The replica (its flavor and volume; <see cref="ServerSpec.MySqlServerId"/> may be ignored).</param>
    /// <param name="sourceServerId">The server it replicates from.</param>
    /// <param name="cancellationToken">Cancels the request; beginning again later is safe.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="NotSupportedException">The platform does not make replicas natively.</exception>
    Task<PlatformOperation> BeginCreateReplicaAsync(ServerSpec replica, string sourceServerId, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not create replicas natively; seed the replica and start replication over SQL.");

    /// <summary>
    /// Begins stopping replication on a native replica: it keeps what it has applied and becomes a standalone, writable
    /// server; only where <see cref="CreatesReplicasNatively"/>. A server that does not replicate is fine.
    /// </summary>
    /// <param name="serverId">The replica.</param>
    /// <param name="cancellationToken">Cancels the request; beginning again later is safe.</param>
    /// <returns>The operation.</returns>
    /// <exception cref="NotSupportedException">The platform does not make replicas natively.</exception>
    Task<PlatformOperation> BeginStopReplicationAsync(string serverId, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not replicate natively; stop replication over SQL.");

    /// <summary>
    /// Asks once where a begun operation stands, and takes its next step when the previous one has finished. Safe to
    /// call again with the same operation (as a re-run activity does), also from another process after a restart.
    /// </summary>
    /// <param name="operation">What <c>Begin…Async</c> or the previous poll returned.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The operation as it now stands: completed, or to be polled again after <see cref="PlatformOperation.PollAfter"/>.</returns>
    /// <exception cref="InvalidOperationException">The operation failed; the message says why.</exception>
    Task<PlatformOperation> PollAsync(PlatformOperation operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return operation.IsCompleted
            ? Task.FromResult(operation)
            : throw new ArgumentException($"{GetType().Name} completes its operations when they begin; it has nothing to poll.", nameof(operation));
    }
}
