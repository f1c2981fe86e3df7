using Microsoft.DurableTask;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;
using Serverless.Storage.Documents;

namespace Serverless.Orchestrations.Configurations;

/// <summary>
/// Reads the values the instance's server should have from the group attached to it now (every parameter of the datastore
/// version: the group's value, or null for the default), so that a re-run applies the latest; the orchestration gives them
/// to the server through the platform-operation loop. Null once another operation owns the instance (nothing to apply).
/// </summary>
[DurableTask(Name)]
internal sealed class ReadInstanceParametersActivity(IDocumentStore catalog, CatalogQueries queries) : TaskActivity<ConfigureInstanceInput, ServerParameterSetting[]?>
{
    public const string Name = "ReadInstanceParameters";

    public override async Task<ServerParameterSetting[]?> RunAsync(TaskActivityContext context, ConfigureInstanceInput input)
    {
        var instance = await catalog.GetAsync(CatalogKeys.Instance(input.ProjectId, input.InstanceId), CatalogJsonContext.Default.InstanceDocument, CancellationToken.None).ConfigureAwait(false);
        if (instance?.Value.Instance is not { } view || view.OperationId != input.OperationId)
        {
            return null;
        }

        var version = await queries.GetDatastoreVersionAsync(view.DatastoreType, view.DatastoreVersion, CancellationToken.None).ConfigureAwait(false);
        IReadOnlyDictionary<string, string> values = new Dictionary<string, string>();
        if (view.ConfigurationId is { } configurationId
            && await catalog.GetAsync(CatalogKeys.Configuration(input.ProjectId, configurationId), CatalogJsonContext.Default.ConfigurationView, CancellationToken.None).ConfigureAwait(false) is { } group)
        {
            values = group.Value.Values;
        }

        return [.. ParameterCatalog.For(version.Id).Select(p => new ServerParameterSetting(p.Name, values.GetValueOrDefault(p.Name), p.Type, p.RestartRequired))];
    }
}
