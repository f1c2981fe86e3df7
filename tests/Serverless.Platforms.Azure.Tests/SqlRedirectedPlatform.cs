namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// The Azure platform with one thing changed for tests: the SQL side of a server (<see cref="GetAdminAccessAsync"/>) is a
/// local MariaDB server, since no Flexible Server answers SQL here. Everything that goes to ARM goes to the fake ARM
/// through the real <see cref="AzureDatabasePlatform"/>.
/// </summary>
internal sealed class SqlRedirectedPlatform(AzureDatabasePlatform azure, IReadOnlyDictionary<string, ServerAdminAccess> sql) : IDatabasePlatform
{
    public bool CreatesReplicasNatively => azure.CreatesReplicasNatively;

    public Task<ServerAdminAccess> GetAdminAccessAsync(string serverId, CancellationToken cancellationToken) =>
        sql.TryGetValue(serverId, out var access)
            ? Task.FromResult(access)
            : throw new ServerNotFoundException(serverId, $"The test gives no SQL server for '{serverId}'.");

    public Task<ServerEndpoint> ProvisionAsync(ServerSpec spec, CancellationToken cancellationToken) => azure.ProvisionAsync(spec, cancellationToken);

    public Task StartAsync(string serverId, CancellationToken cancellationToken) => azure.StartAsync(serverId, cancellationToken);

    public Task StopAsync(string serverId, CancellationToken cancellationToken) => azure.StopAsync(serverId, cancellationToken);

    public Task RestartAsync(string serverId, CancellationToken cancellationToken) => azure.RestartAsync(serverId, cancellationToken);

    public Task ResizeAsync(string serverId, FlavorSpec? flavor, int? volumeGigabytes, CancellationToken cancellationToken) =>
        azure.ResizeAsync(serverId, flavor, volumeGigabytes, cancellationToken);

    public Task<bool> ApplyParametersAsync(string serverId, IReadOnlyList<ServerParameterSetting> parameters, CancellationToken cancellationToken) =>
        azure.ApplyParametersAsync(serverId, parameters, cancellationToken);

    public Task SetReadOnlyAsync(string serverId, bool isReadOnly, CancellationToken cancellationToken) => azure.SetReadOnlyAsync(serverId, isReadOnly, cancellationToken);

    public Task DeleteAsync(string serverId, CancellationToken cancellationToken) => azure.DeleteAsync(serverId, cancellationToken);

    public Task<ServerStatus> GetStatusAsync(string serverId, CancellationToken cancellationToken) => azure.GetStatusAsync(serverId, cancellationToken);

    public Task<IReadOnlyList<ServerStatus>> ReconcileAsync(CancellationToken cancellationToken) => azure.ReconcileAsync(cancellationToken);

    public Task<PlatformOperation> BeginProvisionAsync(ServerSpec spec, CancellationToken cancellationToken) => azure.BeginProvisionAsync(spec, cancellationToken);

    public Task<PlatformOperation> BeginStartAsync(string serverId, CancellationToken cancellationToken) => azure.BeginStartAsync(serverId, cancellationToken);

    public Task<PlatformOperation> BeginStopAsync(string serverId, CancellationToken cancellationToken) => azure.BeginStopAsync(serverId, cancellationToken);

    public Task<PlatformOperation> BeginRestartAsync(string serverId, CancellationToken cancellationToken) => azure.BeginRestartAsync(serverId, cancellationToken);

    public Task<PlatformOperation> BeginDeleteAsync(string serverId, CancellationToken cancellationToken) => azure.BeginDeleteAsync(serverId, cancellationToken);

    public Task<PlatformOperation> BeginResizeAsync(string serverId, FlavorSpec? flavor, int? volumeSizeGigabytes, CancellationToken cancellationToken) =>
        azure.BeginResizeAsync(serverId, flavor, volumeSizeGigabytes, cancellationToken);

    public Task<PlatformOperation> BeginSetReadOnlyAsync(string serverId, bool isReadOnly, CancellationToken cancellationToken) =>
        azure.BeginSetReadOnlyAsync(serverId, isReadOnly, cancellationToken);

    public Task<PlatformOperation> BeginApplyParametersAsync(string serverId, IReadOnlyList<ServerParameterSetting> parameters, CancellationToken cancellationToken) =>
        azure.BeginApplyParametersAsync(serverId, parameters, cancellationToken);

    public Task<PlatformOperation> BeginCreateReplicaAsync(ServerSpec replica, string sourceServerId, CancellationToken cancellationToken) =>
        azure.BeginCreateReplicaAsync(replica, sourceServerId, cancellationToken);

    public Task<PlatformOperation> BeginStopReplicationAsync(string serverId, CancellationToken cancellationToken) => azure.BeginStopReplicationAsync(serverId, cancellationToken);

    public Task<PlatformOperation> PollAsync(PlatformOperation operation, CancellationToken cancellationToken) => azure.PollAsync(operation, cancellationToken);
}
