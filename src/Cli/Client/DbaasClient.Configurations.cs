using System.Text.Json;

namespace Serverless.Cli.Client;

/// <summary>
/// Configuration groups (trove-clients.md §2): create, list, show, update, delete, and the parameter catalog; attach and
/// detach are instance updates.
/// </summary>
internal sealed partial class DbaasClient
{
    public Task<IReadOnlyList<ConfigurationResource>> ListConfigurationsAsync(CancellationToken cancellationToken) =>
        ListAllAsync("configurations", CliJsonContext.Default.ConfigurationListEnvelope, page => (page.Configurations, page.Links), group => group.Id, cancellationToken);

    public async Task<ConfigurationResource> GetConfigurationAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"configurations/{Uri.EscapeDataString(id)}", null, CliJsonContext.Default.ConfigurationEnvelope, cancellationToken))!.Configuration;

    /// <summary>Finds a group by id, or else by its exact name.</summary>
    public Task<ConfigurationResource> FindConfigurationAsync(string idOrName, CancellationToken cancellationToken) =>
        FindAsync("configuration group", idOrName, GetConfigurationAsync, ListConfigurationsAsync, group => group.Name, cancellationToken);

    /// <summary>Creates a group; <paramref name="values"/> is a JSON object of parameter names and values.</summary>
    public async Task<ConfigurationResource> CreateConfigurationAsync(
        string name, JsonElement values, string? description, string? datastore, string? datastoreVersion, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, "configurations", Body("configuration", json =>
        {
            json.WriteString("name", name);
            if (description is not null)
            {
                json.WriteString("description", description);
            }

            json.WritePropertyName("values");
            values.WriteTo(json);
            if (datastore is not null || datastoreVersion is not null)
            {
                json.WriteStartObject("datastore");
                if (datastore is not null)
                {
                    json.WriteString("type", datastore);
                }

                if (datastoreVersion is not null)
                {
                    json.WriteString("version", datastoreVersion);
                }

                json.WriteEndObject();
            }
        }), CliJsonContext.Default.ConfigurationEnvelope, cancellationToken))!.Configuration;

    public Task DeleteConfigurationAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"configurations/{Uri.EscapeDataString(id)}", null, null, cancellationToken);

    /// <summary>Changes a group's values: merged into its values (PATCH), or replacing them all (PUT) when <paramref name="replace"/>.</summary>
    public Task UpdateConfigurationAsync(string id, JsonElement values, bool replace, CancellationToken cancellationToken) =>
        SendAsync<object>(replace ? HttpMethod.Put : HttpMethod.Patch, $"configurations/{Uri.EscapeDataString(id)}", Body("configuration", json =>
        {
            json.WritePropertyName("values");
            values.WriteTo(json);
        }), null, cancellationToken);

    /// <summary>The parameters configuration groups may set on a datastore version, by name.</summary>
    public async Task<IReadOnlyList<ParameterResource>> ListParametersAsync(string datastore, string version, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"datastores/{Uri.EscapeDataString(datastore)}/versions/{Uri.EscapeDataString(version)}/parameters", null, CliJsonContext.Default.ParameterListEnvelope, cancellationToken))!
            .ConfigurationParameters;

    /// <summary>One parameter of a datastore version.</summary>
    public async Task<ParameterResource> GetParameterAsync(string datastore, string version, string name, CancellationToken cancellationToken) =>
        (await SendAsync(
            HttpMethod.Get,
            $"datastores/{Uri.EscapeDataString(datastore)}/versions/{Uri.EscapeDataString(version)}/parameters/{Uri.EscapeDataString(name)}",
            null,
            CliJsonContext.Default.ParameterResource,
            cancellationToken))!;
}
