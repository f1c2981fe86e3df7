using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// The steps of the instance orchestrations. Each is idempotent, because one that was running at a crash
/// runs again: the platform calls are idempotent themselves, and catalog changes are ETag-guarded and
/// apply only while the instance still belongs to the operation that asks.
/// </summary>
internal sealed class InstanceActivities(IDatabasePlatform platform, ISecretStore secrets, IDocumentStore catalog, TimeProvider time)
{
    public const string ProvisionServer = "Instances.ProvisionServer";
    public const string ConfigureServer = "Instances.ConfigureServer";
    public const string ReadServerStatus = "Instances.ReadServerStatus";
    public const string RestartServer = "Instances.RestartServer";
    public const string DeleteServer = "Instances.DeleteServer";
    public const string DeleteSecrets = "Instances.DeleteSecrets";
    public const string UpdateInstance = "Instances.UpdateInstance";
    public const string RemoveInstance = "Instances.RemoveInstance";
    public const string UpdateOperation = "Instances.UpdateOperation";

    private const double BytesPerGigabyte = 1024d * 1024 * 1024;

    public Task<ServerEndpoint> ProvisionServerAsync(ServerSpec spec, CancellationToken cancellationToken) =>
        platform.ProvisionAsync(spec, cancellationToken);

    public async Task<bool> ConfigureServerAsync(ConfigureServerInput input, CancellationToken cancellationToken)
    {
        var users = new List<InitialUser>(input.Users.Count);
        foreach (var user in input.Users)
        {
            var password = await secrets.GetAsync(user.PasswordSecretId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException(
                    $"The password of user '{user.Name}' is missing from the secret store (secret '{user.PasswordSecretId}'); delete the instance and create it again.");
            users.Add(new InitialUser(user.Name, password, user.Host, user.Databases));
        }

        await platform.ConfigureInitialAsync(input.ServerId, new InitialSetup(input.Databases, users), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<ServerSummary> ReadServerStatusAsync(string serverId, CancellationToken cancellationToken)
    {
        var status = await platform.GetStatusAsync(serverId, cancellationToken).ConfigureAwait(false);
        if (status.State != ServerState.Running || status.Endpoint is not { } endpoint)
        {
            throw new InvalidOperationException($"Server {serverId} is {status.State.ToString().ToLowerInvariant()}, not running: {status.Message ?? "no reason given"}.");
        }

        return new ServerSummary(endpoint.Host, endpoint.Port, Math.Round(status.VolumeUsedBytes / BytesPerGigabyte, 3));
    }

    public async Task<bool> RestartServerAsync(string serverId, CancellationToken cancellationToken)
    {
        await platform.RestartAsync(serverId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> DeleteServerAsync(string serverId, CancellationToken cancellationToken)
    {
        await platform.DeleteAsync(serverId, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<bool> DeleteSecretsAsync(string[] secretIds, CancellationToken cancellationToken)
    {
        foreach (var secretId in secretIds)
        {
            await secrets.DeleteAsync(secretId, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>Sets the instance's status and what goes with it; a no-op once another operation owns the instance.</summary>
    public Task<bool> UpdateInstanceAsync(InstanceUpdate update, CancellationToken cancellationToken) =>
        CatalogDocuments.ChangeAsync(
            catalog,
            CatalogKeys.Instance(update.ProjectId, update.InstanceId),
            OrchestrationsJsonContext.Default.InstanceDocument,
            instance => instance.Instance.OperationId != update.OperationId ? null : instance with
            {
                Instance = instance.Instance with
                {
                    Status = update.Status,
                    Host = update.Host ?? instance.Instance.Host,
                    Port = update.Port ?? instance.Instance.Port,
                    VolumeUsedGigabytes = update.VolumeUsedGigabytes ?? instance.Instance.VolumeUsedGigabytes,
                    Fault = update.Fault,
                    Updated = time.GetUtcNow(),
                },
            },
            cancellationToken);

    /// <summary>Removes the instance and its name claim from the catalog; done already is fine.</summary>
    public async Task<bool> RemoveInstanceAsync(InstanceOperationInput input, CancellationToken cancellationToken)
    {
        var key = CatalogKeys.Instance(input.ProjectId, input.InstanceId);
        while (true)
        {
            var instance = await catalog.GetAsync(key, OrchestrationsJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false);
            if (instance is null || instance.Value.Instance.OperationId != input.OperationId)
            {
                return false;
            }

            // The name claim goes first: a crash after it leaves an instance document the re-run removes.
            var nameKey = CatalogKeys.InstanceName(input.ProjectId, instance.Value.Instance.Name);
            if (await catalog.GetAsync(nameKey, OrchestrationsJsonContext.Default.NameIndexDocument, cancellationToken).ConfigureAwait(false) is { } claim
                && claim.Value.InstanceId == input.InstanceId)
            {
                await DeleteIfUnchangedAsync(nameKey, claim.ETag, cancellationToken).ConfigureAwait(false);
            }

            if (await DeleteIfUnchangedAsync(key, instance.ETag, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }
    }

    /// <summary>Records an operation's step, progress and end state.</summary>
    public Task<bool> UpdateOperationAsync(OperationUpdate update, CancellationToken cancellationToken) =>
        OperationRecords.UpdateAsync(catalog, update, time, cancellationToken);

    /// <summary>Deletes a document at the version read; true when it is gone, false when it changed meanwhile.</summary>
    private async Task<bool> DeleteIfUnchangedAsync(string key, Azure.ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await catalog.DeleteAsync(key, etag, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DocumentNotFoundException)
        {
            return true;
        }
        catch (DocumentChangedException)
        {
            return false;
        }
    }
}
