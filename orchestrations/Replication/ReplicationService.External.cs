using System.Security.Cryptography.X509Certificates;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Replication;

/// <summary>Migrations from external sources (our <c>replicate_from</c>; docs/replication.md, "External sources").</summary>
public sealed partial class ReplicationService
{
    /// <summary>At most this many databases are migrated by one instance.</summary>
    public const int MaxExternalDatabases = 64;

    private static readonly string[] SystemDatabases = ["mysql", "information_schema", "performance_schema", "sys"];

    /// <summary>
    /// Creates an instance that migrates <see cref="CreateInstanceRequest.ReplicateFrom"/>: recorded as <c>BUILD</c>
    /// with the source (its password in the secret store only) and built by <c>CreateExternalReplica</c>, which checks
    /// that the source can be replicated from before it provisions anything.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="request">The create request, with <see cref="CreateInstanceRequest.ReplicateFrom"/> set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instance.</returns>
    /// <exception cref="CatalogValidationException">The source is malformed, or users, databases, a backup or <c>replica_of</c> were given too.</exception>
    public async Task<InstanceView> CreateFromExternalAsync(string projectId, CreateInstanceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CatalogIds.ValidateProject(projectId);
        var external = request.ReplicateFrom ?? throw new CatalogValidationException("The request names no external source to replicate from.");
        if (request.Users.Count > 0 || request.Databases.Count > 0)
        {
            throw new CatalogValidationException("Do not specify users or databases for a migration: it copies the databases named in replicate_from; create users after the cut-over.");
        }

        if (request.BackupId is not null || request.ReplicaOf is not null)
        {
            throw new CatalogValidationException("replicate_from cannot be combined with a restore point or replica_of: the instance is seeded from the external source.");
        }

        ValidateExternalSource(external);
        var plan = await CreateInstanceValidation.ValidateAsync(request, _queries, cancellationToken).ConfigureAwait(false);
        var instanceId = Guid.NewGuid().ToString("D");
        var operationId = Guid.NewGuid().ToString("D");
        var orchestrationId = $"create-{instanceId}";
        var now = _time.GetUtcNow();
        await InstanceNames.ClaimAsync(_catalog, projectId, request.Name, instanceId, now, cancellationToken).ConfigureAwait(false);
        await _secrets.CreateAsync(CatalogIds.ExternalSourceSecret(instanceId), external.Password, cancellationToken).ConfigureAwait(false);
        var view = new InstanceView(
            instanceId, projectId, request.Name, InstanceStatus.Build, plan.Flavor.Id, plan.Datastore.Name, plan.Version.Name,
            request.VolumeSizeGigabytes, VolumeUsedGigabytes: null, Host: null, Port: null, now, now, operationId, Fault: null)
        {
            Access = request.Access ?? InstanceAccess.Private,
            ExternalSource = new ExternalSourceView(external.Host.Trim(), external.Port, external.User, [.. external.Databases], external.CaCertificatePem),
        };
        var document = new InstanceDocument(view, CatalogIds.AdminSecret(instanceId), [], []);
        await _catalog.CreateAsync(CatalogKeys.Instance(projectId, instanceId), document, CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false);
        await OperationRecords.CreateAsync(_catalog, projectId, operationId, instanceId, OperationKind.Create, orchestrationId, now, cancellationToken).ConfigureAwait(false);
        var spec = new ServerSpec(
            instanceId,
            CatalogIds.MySqlServerId(instanceId),
            new FlavorSpec(plan.Flavor.VCpus, plan.Flavor.RamMegabytes, plan.Flavor.MaxConnections),
            request.VolumeSizeGigabytes,
            ReadOnly: true,
            document.AdminSecretId);
        await _client.ScheduleNewOrchestrationInstanceAsync(
            CreateExternalReplicaOrchestrator.Name,
            new CreateExternalReplicaInput(projectId, instanceId, operationId, spec),
            new StartOrchestrationOptions(orchestrationId),
            cancellationToken).ConfigureAwait(false);
        return view;
    }

    /// <summary>Checks what can be checked without connecting: the address, the account, the databases and the CA.</summary>
    /// <param name="source">The source as requested.</param>
    /// <exception cref="CatalogValidationException">Something is malformed; the message names it.</exception>
    public static void ValidateExternalSource(ExternalSourceRequest source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (string.IsNullOrWhiteSpace(source.Host) || source.Host.Length > 255 || source.Host.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '/' or '@' or '?'))
        {
            throw new CatalogValidationException("replicate_from.host must be a host name or IP address.");
        }

        if (source.Port is < 1 or > 65535)
        {
            throw new CatalogValidationException($"replicate_from.port {source.Port} is out of range: give a port from 1 to 65535.");
        }

        if (string.IsNullOrEmpty(source.User) || source.User.Length > 80 || source.User.Any(char.IsControl))
        {
            throw new CatalogValidationException("replicate_from.user must be the name of the migration account (at most 80 characters).");
        }

        if (string.IsNullOrEmpty(source.Password) || source.Password.Any(c => c is '\r' or '\n'))
        {
            throw new CatalogValidationException("replicate_from.password is required and must be one line.");
        }

        if (source.Databases.Count is 0 or > MaxExternalDatabases)
        {
            throw new CatalogValidationException($"replicate_from.databases must name 1 to {MaxExternalDatabases} databases to copy.");
        }

        foreach (var database in source.Databases)
        {
            // Names go into replication filters as 'db.%' in a comma-separated list: no commas, dots or wildcards.
            if (string.IsNullOrEmpty(database) || database.Length > 64 || !database.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '-'))
            {
                throw new CatalogValidationException($"replicate_from.databases: '{database}' is not a database name this service migrates (letters, digits, '_', '$', '-'; at most 64).");
            }

            if (SystemDatabases.Contains(database, StringComparer.OrdinalIgnoreCase))
            {
                throw new CatalogValidationException($"replicate_from.databases: '{database}' is a system database; name the application's databases.");
            }
        }

        if (source.Databases.Distinct(StringComparer.Ordinal).Count() != source.Databases.Count)
        {
            throw new CatalogValidationException("replicate_from.databases names a database twice.");
        }

        if (source.CaCertificatePem is { } pem)
        {
            try
            {
                using var certificate = X509Certificate2.CreateFromPem(pem);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                throw new CatalogValidationException("replicate_from.ca is not a PEM certificate (-----BEGIN CERTIFICATE----- …).");
            }
        }
    }

    private static CatalogValidationException ExternalSourceRefusal(InstanceView instance, string action) => new(
        $"Instance {instance.Id} replicates from the external server {instance.ExternalSource!.Id}, which this service does not manage: "
        + $"it cannot be {action}. Detach it to cut over (it becomes a writable standalone instance).");
}
