namespace Serverless.Platforms.Azure;

/// <summary>
/// Server parameters on Azure: read-only fencing and configuration groups. The Azure administrator has no
/// <c>SYSTEM_VARIABLES_ADMIN</c>, so nothing here runs <c>SET GLOBAL</c>; every value is an ARM server parameter
/// (<c>configurations</c>), set in one <c>updateConfigurations</c> batch and polled like any other long operation.
/// </summary>
public sealed partial class AzureDatabasePlatform
{
    private const string ReadOnlyParameter = "read_only";

    /// <summary>
    /// Sets the server parameter <c>read_only</c> (which binds the administrator too on Azure: it has no <c>SUPER</c>), and
    /// waits until ARM has applied it. Azure keeps the value across restarts. Nothing is sent when the server has it
    /// already.
    /// </summary>
    /// <inheritdoc />
    public async Task SetReadOnlyAsync(string serverId, bool isReadOnly, CancellationToken cancellationToken) =>
        await RunToCompletionAsync(await BeginSetReadOnlyAsync(serverId, isReadOnly, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Begins setting <c>read_only</c>. A replica is read-only by Azure's doing and cannot be made writable this way (stop
    /// its replication instead); a server where Azure does not let <c>read_only</c> change is refused with that reason.
    /// </summary>
    /// <inheritdoc />
    /// <exception cref="NotSupportedException">Azure does not let this server's <c>read_only</c> take the value.</exception>
    public async Task<PlatformOperation> BeginSetReadOnlyAsync(string serverId, bool isReadOnly, CancellationToken cancellationToken)
    {
        var server = await RequireServerAsync(serverId, cancellationToken).ConfigureAwait(false);
        if (server.ReplicationRole == ReplicationRole.Replica)
        {
            return isReadOnly
                ? PlatformOperation.Completed(serverId, PlatformOperationKind.SetReadOnly)
                : throw new NotSupportedException(
                    $"Server '{serverId}' (Flexible Server '{server.Name}') is an Azure read replica, which Azure keeps read-only; stop its replication to make it writable.");
        }

        var value = isReadOnly ? "ON" : "OFF";
        var parameter = await _client.GetParameterAsync(server.Name, ReadOnlyParameter, cancellationToken).ConfigureAwait(false);
        if (SameValue(parameter.Value, value))
        {
            return PlatformOperation.Completed(serverId, PlatformOperationKind.SetReadOnly);
        }

        if (parameter.IsReadOnly || !Allows(parameter.AllowedValues, value))
        {
            throw new NotSupportedException(
                $"Azure does not let read_only of server '{serverId}' (Flexible Server '{server.Name}') change to {value} "
                + $"(allowed: {parameter.AllowedValues ?? "none listed"}{(parameter.IsReadOnly ? ", the parameter is read-only" : string.Empty)}).");
        }

        return await BeginAsync(
            serverId,
            PlatformOperationKind.SetReadOnly,
            new AzureOperationState { Steps = [AzureOperationStep.SetParameters], Parameters = new(StringComparer.Ordinal) { [ReadOnlyParameter] = value } },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives the server its configuration group through ARM and waits for it (<see cref="BeginApplyParametersAsync"/>).
    /// </summary>
    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Azure does not let a parameter change, or does not allow its value; nothing was sent.</exception>
    public async Task<bool> ApplyParametersAsync(string serverId, IReadOnlyList<ServerParameterSetting> parameters, CancellationToken cancellationToken)
    {
        var operation = await BeginApplyParametersAsync(serverId, parameters, cancellationToken).ConfigureAwait(false);
        await RunToCompletionAsync(operation, cancellationToken).ConfigureAwait(false);
        return operation.RestartRequired;
    }

    /// <summary>
    /// Begins giving the server its configuration group through ARM: reads each managed parameter and begins one
    /// <c>updateConfigurations</c> batch with those whose value differs (a parameter without a value goes back to ARM's
    /// <c>defaultValue</c>; booleans as <c>ON</c>/<c>OFF</c>); nothing is sent, and the operation is complete at once, when
    /// all match. Static parameters (ARM's <c>isDynamicConfig</c> false) take effect at the next restart: the operation's
    /// <see cref="PlatformOperation.RestartRequired"/> says one changed or still waits, which leaves the instance
    /// <c>RESTART_REQUIRED</c> until its restart, an ARM restart of the server.
    /// </summary>
    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Azure does not let a parameter change, or does not allow its value; nothing was sent.</exception>
    public async Task<PlatformOperation> BeginApplyParametersAsync(string serverId, IReadOnlyList<ServerParameterSetting> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var name = (await RequireServerAsync(serverId, cancellationToken).ConfigureAwait(false)).Name;
        var changes = new Dictionary<string, string>(StringComparer.Ordinal);
        var restartRequired = false;
        foreach (var setting in parameters)
        {
            var current = await _client.GetParameterAsync(name, setting.Name, cancellationToken).ConfigureAwait(false);
            restartRequired |= current.IsPendingRestart;
            var wanted = setting.Value is null ? current.DefaultValue : AzureValueOf(setting);
            if (wanted is null || SameValue(current.Value, wanted))
            {
                continue;
            }

            if (current.IsReadOnly)
            {
                throw new InvalidOperationException(
                    $"Azure does not let parameter '{setting.Name}' of server '{serverId}' (Flexible Server '{name}') change; remove it from the configuration group.");
            }

            changes[setting.Name] = wanted;
            restartRequired |= !current.IsDynamic;
        }

        return changes.Count == 0
            ? PlatformOperation.Completed(serverId, PlatformOperationKind.ApplyParameters) with { RestartRequired = restartRequired }
            : await BeginAsync(
                serverId,
                PlatformOperationKind.ApplyParameters,
                new AzureOperationState { Steps = [AzureOperationStep.SetParameters], Parameters = changes },
                cancellationToken,
                restartRequired).ConfigureAwait(false);
    }

    /// <summary>The value in ARM's form: booleans are <c>ON</c>/<c>OFF</c> on Azure whatever form the group holds.</summary>
    private static string AzureValueOf(ServerParameterSetting setting) =>
        setting.Type == "boolean"
            ? setting.Value!.ToUpperInvariant() switch
            {
                "1" or "ON" or "TRUE" => "ON",
                "0" or "OFF" or "FALSE" => "OFF",
                _ => throw new InvalidOperationException($"Parameter '{setting.Name}' needs a boolean value, not '{setting.Value}'."),
            }
            : setting.Value!;

    private static bool SameValue(string? current, string wanted) => string.Equals(current, wanted, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether ARM's <c>allowedValues</c> (a comma-separated list, or none) admits <paramref name="value"/>.</summary>
    private static bool Allows(string? allowedValues, string value) =>
        string.IsNullOrEmpty(allowedValues)
        || allowedValues.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Any(allowed => string.Equals(allowed, value, StringComparison.OrdinalIgnoreCase));
}
