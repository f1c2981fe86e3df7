using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Serverless.Orchestrations.Catalog;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Configurations;

/// <summary>
/// Configuration groups: named parameter values for one datastore version, attached to instances. Values are checked
/// against <see cref="ParameterCatalog"/> (unknown names, wrong types and values out of range are refused, naming the
/// parameter). Attaching, detaching and changing an attached group start <c>ConfigureInstance</c> on each instance, which
/// applies dynamic values at once and leaves the instance <c>RESTART_REQUIRED</c> when some wait for a restart.
/// </summary>
public sealed class ConfigurationService
{
    private readonly IDocumentStore _catalog;
    private readonly DurableTaskClient _client;
    private readonly CatalogQueries _queries;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    /// <param name="catalog">The catalog's document store.</param>
    /// <param name="client">Starts the orchestrations.</param>
    /// <param name="queries">Flavors and datastores.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public ConfigurationService(IDocumentStore catalog, DurableTaskClient client, CatalogQueries queries, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(queries);
        _catalog = catalog;
        _client = client;
        _queries = queries;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates a group for a datastore version (the default datastore and version when none are named).</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="name">The group name: 1-255 printable characters.</param>
    /// <param name="description">A description; null for none.</param>
    /// <param name="datastore">The datastore name or id; null for the default.</param>
    /// <param name="version">The datastore version name or id; null for the datastore's default.</param>
    /// <param name="values">The values, as JSON (numbers, booleans, strings).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The group.</returns>
    /// <exception cref="CatalogValidationException">A name or value is invalid; the message names the parameter.</exception>
    /// <exception cref="CatalogNotFoundException">No such datastore or version.</exception>
    public async Task<ConfigurationView> CreateAsync(
        string projectId, string name, string? description, string? datastore, string? version, IReadOnlyDictionary<string, JsonElement> values, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        ValidateName(name);
        var found = await _queries.GetDatastoreAsync(string.IsNullOrEmpty(datastore) ? "mysql" : datastore, cancellationToken).ConfigureAwait(false);
        var versionView = await _queries.GetDatastoreVersionAsync(found.Id, string.IsNullOrEmpty(version) ? found.DefaultVersionId : version, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var view = new ConfigurationView(
            Guid.NewGuid().ToString("D"), projectId, name, description, found.Name, versionView.Id, versionView.Name, Canonical(versionView, values), now, now);
        await _catalog.CreateAsync(CatalogKeys.Configuration(projectId, view.Id), view, CatalogJsonContext.Default.ConfigurationView, cancellationToken).ConfigureAwait(false);
        return view;
    }

    /// <summary>The project's groups, oldest first.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The groups.</returns>
    public async Task<IReadOnlyList<ConfigurationView>> ListAsync(string projectId, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        return await ConfigurationGroups.ListAsync(_catalog, projectId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One group, by id or (when unique) by name.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="idOrName">The group's id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The group.</returns>
    /// <exception cref="CatalogNotFoundException">No such group.</exception>
    public async Task<ConfigurationView> GetAsync(string projectId, string idOrName, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        return await ConfigurationGroups.FindAsync(_catalog, projectId, idOrName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Changes a group: <paramref name="replace"/> true (PUT) replaces every value, false (PATCH) merges the given ones in.
    /// Name and description change when given. Every instance using the group gets the new values.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="configurationId">The group id.</param>
    /// <param name="values">The values; null keeps them (PUT with only a name).</param>
    /// <param name="replace">True to replace every value, false to merge.</param>
    /// <param name="name">The new name; null keeps it.</param>
    /// <param name="description">The new description; null keeps it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The changed group.</returns>
    public async Task<ConfigurationView> UpdateAsync(
        string projectId, string configurationId, IReadOnlyDictionary<string, JsonElement>? values, bool replace, string? name, string? description, CancellationToken cancellationToken)
    {
        var current = await GetByIdAsync(projectId, configurationId, cancellationToken).ConfigureAwait(false);
        if (name is not null)
        {
            ValidateName(name);
        }

        var version = await _queries.GetDatastoreVersionAsync(current.DatastoreName, current.DatastoreVersionId, cancellationToken).ConfigureAwait(false);
        var given = values is null ? null : Canonical(version, values);
        ConfigurationView? changed = null;
        await CatalogDocuments.ChangeAsync(_catalog, CatalogKeys.Configuration(projectId, current.Id), CatalogJsonContext.Default.ConfigurationView, group =>
        {
            var merged = given is null ? group.Values
                : replace ? given
                : new Dictionary<string, string>(group.Values.Concat(given).GroupBy(p => p.Key).Select(g => g.Last()), StringComparer.Ordinal);
            changed = group with { Values = merged, Name = name ?? group.Name, Description = description ?? group.Description, Updated = _time.GetUtcNow() };
            return changed;
        }, cancellationToken).ConfigureAwait(false);
        if (changed is null)
        {
            throw new CatalogNotFoundException("Configuration group", configurationId);
        }

        foreach (var instance in await InstancesUsingAsync(projectId, current.Id, cancellationToken).ConfigureAwait(false))
        {
            // An instance in the middle of another operation gets the values at its next configure or restart.
            if (instance.Status is InstanceStatus.Active or InstanceStatus.RestartRequired)
            {
                await StartConfigureAsync(projectId, instance.Id, configurationId: current.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        return changed;
    }

    /// <summary>Deletes a group that no instance uses.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="configurationId">The group id or name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="CatalogConflictException">An instance uses the group.</exception>
    public async Task DeleteAsync(string projectId, string configurationId, CancellationToken cancellationToken)
    {
        var group = await GetAsync(projectId, configurationId, cancellationToken).ConfigureAwait(false);
        var users = await InstancesUsingAsync(projectId, group.Id, cancellationToken).ConfigureAwait(false);
        if (users.Count > 0)
        {
            throw new CatalogConflictException(
                $"Configuration group '{group.Name}' is attached to {string.Join(", ", users.Select(i => $"'{i.Name}'"))}: detach it first (openstack database configuration detach INSTANCE).");
        }

        await CatalogDocuments.DeleteAsync(_catalog, CatalogKeys.Configuration(projectId, group.Id), CatalogJsonContext.Default.ConfigurationView, _ => true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The project's instances that use the group.</summary>
    /// <param name="projectId">The project.</param>
    /// <param name="configurationId">The group id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The instances, oldest first.</returns>
    public async Task<IReadOnlyList<InstanceView>> InstancesUsingAsync(string projectId, string configurationId, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        var instances = new List<InstanceView>();
        await foreach (var key in _catalog.ListKeysAsync(CatalogKeys.InstancesPrefix(projectId), cancellationToken).ConfigureAwait(false))
        {
            if (await _catalog.GetAsync(key, CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false) is { } instance
                && instance.Value.Instance.ConfigurationId == configurationId)
            {
                instances.Add(instance.Value.Instance);
            }
        }

        return [.. instances.OrderBy(i => i.Created)];
    }

    /// <summary>
    /// Attaches a group (by id or name) to an <c>ACTIVE</c> instance, or detaches it (<paramref name="idOrName"/> null), and
    /// starts <c>ConfigureInstance</c>, which applies the change to the server.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="idOrName">The group; null to detach.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The configure operation; null when there was nothing to do (detaching from an instance without a group).</returns>
    /// <exception cref="CatalogNotFoundException">No such instance or group.</exception>
    /// <exception cref="CatalogValidationException">The group is for another datastore version.</exception>
    /// <exception cref="InstanceBusyException">The instance is not <c>ACTIVE</c> (or <c>RESTART_REQUIRED</c>).</exception>
    public async Task<OperationView?> SetInstanceConfigurationAsync(string projectId, string instanceId, string? idOrName, CancellationToken cancellationToken)
    {
        var instance = await ReadInstanceAsync(projectId, instanceId, cancellationToken).ConfigureAwait(false);
        string? configurationId = null;
        if (idOrName is not null)
        {
            var version = await _queries.GetDatastoreVersionAsync(instance.DatastoreType, instance.DatastoreVersion, cancellationToken).ConfigureAwait(false);
            configurationId = (await ConfigurationGroups.FindForAsync(
                _catalog, projectId, idOrName, instance.DatastoreType, instance.DatastoreVersion, version.Id, cancellationToken).ConfigureAwait(false)).Id;
        }
        else if (instance.ConfigurationId is null)
        {
            return null;
        }

        return await StartConfigureAsync(projectId, instanceId, configurationId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The configuration an instance runs with, by parameter (Trove's <c>configuration default</c>): the attached group's
    /// values over the defaults the service knows (the flavor's <c>max_connections</c>, our character set); text values.
    /// </summary>
    /// <param name="projectId">The project.</param>
    /// <param name="instanceId">The instance.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Name to value.</returns>
    public async Task<IReadOnlyDictionary<string, string>> EffectiveConfigurationAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        var instance = await ReadInstanceAsync(projectId, instanceId, cancellationToken).ConfigureAwait(false);
        var flavor = await _queries.GetFlavorAsync(instance.FlavorId, cancellationToken).ConfigureAwait(false);
        var effective = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["max_connections"] = flavor.MaxConnections.ToString(CultureInfo.InvariantCulture),
            ["character_set_server"] = "utf8mb4",
            ["collation_server"] = "utf8mb4_general_ci",
        };
        if (instance.ConfigurationId is { } id
            && await _catalog.GetAsync(CatalogKeys.Configuration(projectId, id), CatalogJsonContext.Default.ConfigurationView, cancellationToken).ConfigureAwait(false) is { } group)
        {
            foreach (var (name, value) in group.Value.Values)
            {
                effective[name] = value;
            }
        }

        return effective;
    }

    /// <summary>The parameters of a datastore version (by name or id within the datastore; by id alone when <paramref name="datastore"/> is null).</summary>
    /// <param name="datastore">The datastore name or id; null to find the version by id among all datastores.</param>
    /// <param name="version">The version name or id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The version and its parameters, by name.</returns>
    public async Task<(DatastoreVersionView Version, IReadOnlyList<ParameterDefinition> Parameters)> ParametersAsync(string? datastore, string version, CancellationToken cancellationToken)
    {
        DatastoreVersionView found;
        if (datastore is null)
        {
            found = (await _queries.ListDatastoresAsync(cancellationToken).ConfigureAwait(false)).SelectMany(d => d.Versions).FirstOrDefault(v => v.Id == version)
                ?? throw new CatalogNotFoundException("Datastore version", version);
        }
        else
        {
            found = await _queries.GetDatastoreVersionAsync(datastore, version, cancellationToken).ConfigureAwait(false);
        }

        return (found, [.. ParameterCatalog.For(found.Id).OrderBy(p => p.Name, StringComparer.Ordinal)]);
    }

    private async Task<OperationView> StartConfigureAsync(string projectId, string instanceId, string? configurationId, CancellationToken cancellationToken)
    {
        var operationId = Guid.NewGuid().ToString("D");
        var moved = await CatalogDocuments.ChangeAsync(_catalog, CatalogKeys.Instance(projectId, instanceId), CatalogJsonContext.Default.InstanceDocument, document =>
            document.Instance.Status is not (InstanceStatus.Active or InstanceStatus.RestartRequired)
                ? throw new InstanceBusyException(instanceId, document.Instance.Status)
                : document with
                {
                    Instance = document.Instance with
                    {
                        Status = InstanceStatus.Configuring, ConfigurationId = configurationId, OperationId = operationId, Fault = null, Updated = _time.GetUtcNow(),
                    },
                },
            cancellationToken).ConfigureAwait(false);
        if (!moved)
        {
            throw new CatalogNotFoundException("Instance", instanceId);
        }

        var orchestrationId = $"configure-{operationId}";
        var operation = await OperationRecords.CreateAsync(
            _catalog, projectId, operationId, instanceId, OperationKind.Configure, orchestrationId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await _client.ScheduleNewOrchestrationInstanceAsync(
            ConfigureInstanceOrchestrator.Name, new ConfigureInstanceInput(projectId, instanceId, operationId), new StartOrchestrationOptions(orchestrationId), cancellationToken).ConfigureAwait(false);
        return operation.ToView();
    }

    private async Task<ConfigurationView> GetByIdAsync(string projectId, string configurationId, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        return CatalogIds.IsWellFormed(configurationId)
            && await _catalog.GetAsync(CatalogKeys.Configuration(projectId, configurationId), CatalogJsonContext.Default.ConfigurationView, cancellationToken).ConfigureAwait(false) is { } group
            ? group.Value
            : throw new CatalogNotFoundException("Configuration group", configurationId ?? "");
    }

    private async Task<InstanceView> ReadInstanceAsync(string projectId, string instanceId, CancellationToken cancellationToken)
    {
        CatalogIds.ValidateProject(projectId);
        return CatalogIds.IsWellFormed(instanceId)
            && await _catalog.GetAsync(CatalogKeys.Instance(projectId, instanceId), CatalogJsonContext.Default.InstanceDocument, cancellationToken).ConfigureAwait(false) is { } instance
            ? instance.Value.Instance
            : throw new CatalogNotFoundException("Instance", instanceId ?? "");
    }

    private static void ValidateName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 255 || name.Any(char.IsControl))
        {
            throw new CatalogValidationException("The configuration group name must be 1-255 printable characters and not blank.");
        }
    }

    /// <summary>Checks every value against the version's parameters and returns its canonical text form.</summary>
    private static Dictionary<string, string> Canonical(DatastoreVersionView version, IReadOnlyDictionary<string, JsonElement> values)
    {
        var parameters = ParameterCatalog.For(version.Id).ToDictionary(p => p.Name, StringComparer.Ordinal);
        if (parameters.Count == 0)
        {
            throw new CatalogValidationException($"Configuration groups are not supported for datastore version {version.DatastoreName} {version.Name}.");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (!parameters.TryGetValue(name, out var parameter))
            {
                throw new CatalogValidationException(
                    $"The configuration parameter {name} is not supported for {version.DatastoreName} {version.Name}; see `openstack database configuration parameter list --datastore {version.DatastoreName} {version.Name}`.");
            }

            result[name] = CanonicalValue(parameter, value);
        }

        return result;
    }

    private static string CanonicalValue(ParameterDefinition parameter, JsonElement value)
    {
        switch (parameter.Type)
        {
            case "boolean":
                return value.ValueKind switch
                {
                    JsonValueKind.True => "ON",
                    JsonValueKind.False => "OFF",
                    JsonValueKind.Number when value.GetRawText() is "1" or "0" => value.GetRawText() == "1" ? "ON" : "OFF",
                    JsonValueKind.String when value.GetString()!.ToUpperInvariant() is "ON" or "TRUE" or "1" => "ON",
                    JsonValueKind.String when value.GetString()!.ToUpperInvariant() is "OFF" or "FALSE" or "0" => "OFF",
                    _ => throw new CatalogValidationException($"The value provided for the configuration parameter {parameter.Name} is not of type boolean: give true or false."),
                };
            case "integer" or "float":
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var number) || (parameter.Type == "integer" && number != decimal.Truncate(number)))
                {
                    throw new CatalogValidationException($"The value provided for the configuration parameter {parameter.Name} is not of type {parameter.Type}.");
                }

                if (number < parameter.Min)
                {
                    throw new CatalogValidationException($"The value for the configuration parameter {parameter.Name} is less than the minimum allowed: {parameter.Min}.");
                }

                if (number > parameter.Max)
                {
                    throw new CatalogValidationException($"The value for the configuration parameter {parameter.Name} is greater than the maximum allowed: {parameter.Max}.");
                }

                return parameter.Type == "integer" ? decimal.Truncate(number).ToString("0", CultureInfo.InvariantCulture) : number.ToString(CultureInfo.InvariantCulture);
            default:
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw new CatalogValidationException($"The value provided for the configuration parameter {parameter.Name} is not of type string.");
                }

                var text = value.GetString()!;
                if (parameter.AllowedValues is { } allowed)
                {
                    return allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
                        ?? throw new CatalogValidationException($"The value for the configuration parameter {parameter.Name} must be one of: {string.Join(", ", allowed)}.");
                }

                if (text.Length > 1024 || text.Any(char.IsControl))
                {
                    throw new CatalogValidationException($"The value for the configuration parameter {parameter.Name} must be at most 1024 printable characters.");
                }

                return text;
        }
    }
}
