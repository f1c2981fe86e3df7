using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Configurations;

/// <summary>
/// Gives the instance's server the values of the group attached to it now (every parameter of the datastore version: the
/// group's value, or null for the default), read from the catalog when it runs, so a re-run applies the latest. Returns
/// whether a restart is needed. A no-op returning false once another operation owns the instance.
/// </summary>
[DurableTask(Name)]
internal sealed class ApplyParametersActivity(IDatabasePlatform platform, IDocumentStore catalog, CatalogQueries queries) : TaskActivity<ConfigureInstanceInput, bool>
{
    public const string Name = "ApplyParameters";

    public override async Task<bool> RunAsync(TaskActivityContext context, ConfigureInstanceInput input)
    {
        var instance = await catalog.GetAsync(CatalogKeys.Instance(input.ProjectId, input.InstanceId), CatalogJsonContext.Default.InstanceDocument, CancellationToken.None).ConfigureAwait(false);
        if (instance?.Value.Instance is not { } view || view.OperationId != input.OperationId)
        {
            return false;
        }

        var version = await queries.GetDatastoreVersionAsync(view.DatastoreType, view.DatastoreVersion, CancellationToken.None).ConfigureAwait(false);
        IReadOnlyDictionary<string, string> values = new Dictionary<string, string>();
        if (view.ConfigurationId is { } configurationId
            && await catalog.GetAsync(CatalogKeys.Configuration(input.ProjectId, configurationId), CatalogJsonContext.Default.ConfigurationView, CancellationToken.None).ConfigureAwait(false) is { } group)
        {
            values = group.Value.Values;
        }

        var parameters = ParameterCatalog.For(version.Id)
            .Select(p => new ServerParameterSetting(p.Name, values.GetValueOrDefault(p.Name), p.Type, p.RestartRequired))
            .ToList();
        return await platform.ApplyParametersAsync(input.InstanceId, parameters, CancellationToken.None).ConfigureAwait(false);
    }
}
