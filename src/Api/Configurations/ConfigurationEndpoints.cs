using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Serverless.Api.Errors;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Configurations;

namespace Serverless.Api.Configurations;

/// <summary>
/// <c>/configurations</c>, an instance's effective configuration and the datastore versions' parameters
/// (docs/trove-clients.md §2). PUT replaces a group's values and answers 202; PATCH merges and answers 200 with no body.
/// </summary>
internal static class ConfigurationEndpoints
{
    public static IEnumerable<TroveRoute> Routes =>
    [
        new(TroveRouteNames.CreateConfiguration, "POST", "configurations", CreateAsync),
        new(TroveRouteNames.ListConfigurations, "GET", "configurations", ListAsync),
        new(TroveRouteNames.GetConfiguration, "GET", "configurations/{configuration_id}", GetAsync),
        new(TroveRouteNames.ReplaceConfiguration, "PUT", "configurations/{configuration_id}", ReplaceAsync),
        new(TroveRouteNames.PatchConfiguration, "PATCH", "configurations/{configuration_id}", PatchAsync),
        new(TroveRouteNames.DeleteConfiguration, "DELETE", "configurations/{configuration_id}", DeleteAsync),
        new(TroveRouteNames.ListConfigurationInstances, "GET", "configurations/{configuration_id}/instances", InstancesAsync),
        new(TroveRouteNames.GetInstanceConfiguration, "GET", "instances/{instance_id}/configuration", EffectiveAsync),
        new(TroveRouteNames.ListParameters, "GET", "datastores/{datastore}/versions/{version}/parameters", ListParametersAsync),
        new(TroveRouteNames.GetParameter, "GET", "datastores/{datastore}/versions/{version}/parameters/{name}", GetParameterAsync),
        new(TroveRouteNames.ListParametersByVersionId, "GET", "datastores/versions/{version_id}/parameters", ListParametersByIdAsync),
        new(TroveRouteNames.GetParameterByVersionId, "GET", "datastores/versions/{version_id}/parameters/{name}", GetParameterByIdAsync),
    ];

    private static async Task<IResult> CreateAsync(
        [FromRoute(Name = "project_id")] string projectId, HttpContext context, ConfigurationService service, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        JsonBody.OnlyKnownFields(body, string.Empty, "configuration");
        var configuration = JsonBody.RequiredObject(body, string.Empty, "configuration");
        const string path = "configuration";
        JsonBody.OnlyKnownFields(configuration, path, "name", "description", "values", "datastore");
        string? datastore = null;
        string? version = null;
        if (JsonBody.OptionalObject(configuration, path, "datastore") is { } store)
        {
            JsonBody.OnlyKnownFields(store, $"{path}.datastore", "type", "version", "version_number");
            datastore = JsonBody.OptionalString(store, $"{path}.datastore", "type");
            version = JsonBody.OptionalString(store, $"{path}.datastore", "version");
        }

        var created = await service.CreateAsync(
            projectId,
            JsonBody.RequiredString(configuration, path, "name"),
            JsonBody.OptionalString(configuration, path, "description"),
            datastore,
            version,
            Values(configuration, path) ?? throw TroveRequestException.BadRequest($"'{path}.values' is required: an object such as {{\"max_connections\": 200}}."),
            cancellationToken);
        return TypedResults.Json(new ConfigurationEnvelope(Map(created, instanceCount: 0)), TroveJsonContext.Default.ConfigurationEnvelope);
    }

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = "project_id")] string projectId, HttpContext context, ConfigurationService service, ResourceLinks links, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        var all = await service.ListAsync(projectId, cancellationToken);
        var (page, next) = MarkerPaging.Page(
            context.Request, all, group => group.Id, "a configuration group", options.Value.MaxPageSize, $"{links.ProjectBase(context, projectId)}/configurations");
        var items = page.Select(group => Map(group, instanceCount: null) with { Values = null }).ToList();
        return TypedResults.Json(new ConfigurationListEnvelope(items, next), TroveJsonContext.Default.ConfigurationListEnvelope);
    }

    private static async Task<IResult> GetAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "configuration_id")] string configurationId, ConfigurationService service, CancellationToken cancellationToken)
    {
        var group = await service.GetAsync(projectId, configurationId, cancellationToken);
        var users = await service.InstancesUsingAsync(projectId, group.Id, cancellationToken);
        return TypedResults.Json(new ConfigurationEnvelope(Map(group, users.Count)), TroveJsonContext.Default.ConfigurationEnvelope);
    }

    private static async Task<IResult> ReplaceAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "configuration_id")] string configurationId, HttpContext context, ConfigurationService service, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        await UpdateAsync(projectId, configurationId, context, service, options, replace: true, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> PatchAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "configuration_id")] string configurationId, HttpContext context, ConfigurationService service, IOptions<TroveApiOptions> options, CancellationToken cancellationToken)
    {
        await UpdateAsync(projectId, configurationId, context, service, options, replace: false, cancellationToken);
        return TypedResults.Ok();
    }

    private static async Task<IResult> DeleteAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "configuration_id")] string configurationId, ConfigurationService service, CancellationToken cancellationToken)
    {
        await service.DeleteAsync(projectId, configurationId, cancellationToken);
        return TypedResults.StatusCode(StatusCodes.Status202Accepted);
    }

    private static async Task<IResult> InstancesAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "configuration_id")] string configurationId, ConfigurationService service, CancellationToken cancellationToken)
    {
        var group = await service.GetAsync(projectId, configurationId, cancellationToken);
        var instances = await service.InstancesUsingAsync(projectId, group.Id, cancellationToken);
        return TypedResults.Json(
            new ConfigurationInstanceListEnvelope([.. instances.Select(i => new ConfigurationInstanceWire(i.Id, i.Name))]), TroveJsonContext.Default.ConfigurationInstanceListEnvelope);
    }

    private static async Task<IResult> EffectiveAsync(
        [FromRoute(Name = "project_id")] string projectId, [FromRoute(Name = "instance_id")] string instanceId, ConfigurationService service, CancellationToken cancellationToken)
    {
        var effective = await service.EffectiveConfigurationAsync(projectId, instanceId, cancellationToken);
        return TypedResults.Json(new InstanceConfigurationEnvelope(new InstanceConfigurationWire(effective)), TroveJsonContext.Default.InstanceConfigurationEnvelope);
    }

    private static async Task<IResult> ListParametersAsync(string datastore, string version, ConfigurationService service, CancellationToken cancellationToken) =>
        ParameterList(await service.ParametersAsync(datastore, version, cancellationToken));

    private static async Task<IResult> ListParametersByIdAsync([FromRoute(Name = "version_id")] string versionId, ConfigurationService service, CancellationToken cancellationToken) =>
        ParameterList(await service.ParametersAsync(null, versionId, cancellationToken));

    private static async Task<IResult> GetParameterAsync(string datastore, string version, string name, ConfigurationService service, CancellationToken cancellationToken) =>
        Parameter(await service.ParametersAsync(datastore, version, cancellationToken), name);

    private static async Task<IResult> GetParameterByIdAsync([FromRoute(Name = "version_id")] string versionId, string name, ConfigurationService service, CancellationToken cancellationToken) =>
        Parameter(await service.ParametersAsync(null, versionId, cancellationToken), name);

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<ParameterListEnvelope> ParameterList((DatastoreVersionView Version, IReadOnlyList<ParameterDefinition> Parameters) found) =>
        TypedResults.Json(new ParameterListEnvelope([.. found.Parameters.Select(p => Map(found.Version, p))]), TroveJsonContext.Default.ParameterListEnvelope);

    // The clients read the parameter bare, with no wrapper key.
    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<ParameterWire> Parameter((DatastoreVersionView Version, IReadOnlyList<ParameterDefinition> Parameters) found, string name) =>
        found.Parameters.FirstOrDefault(p => p.Name == name) is { } parameter
            ? TypedResults.Json(Map(found.Version, parameter), TroveJsonContext.Default.ParameterWire)
            : throw new CatalogNotFoundException("Configuration parameter", $"{name} of {found.Version.DatastoreName} {found.Version.Name}");

    private static async Task UpdateAsync(
        string projectId, string configurationId, HttpContext context, ConfigurationService service, IOptions<TroveApiOptions> options, bool replace, CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(context.Request, options.Value.MaxRequestBodyBytes, cancellationToken);
        JsonBody.OnlyKnownFields(body, string.Empty, "configuration");
        var configuration = JsonBody.RequiredObject(body, string.Empty, "configuration");
        const string path = "configuration";
        JsonBody.OnlyKnownFields(configuration, path, "name", "description", "values");
        var values = Values(configuration, path);
        if (replace && values is null)
        {
            throw TroveRequestException.BadRequest($"'{path}.values' is required: PUT replaces every value of the group.");
        }

        await service.UpdateAsync(
            projectId, configurationId, values, replace, JsonBody.OptionalString(configuration, path, "name"), JsonBody.OptionalString(configuration, path, "description"), cancellationToken);
    }

    private static Dictionary<string, JsonElement>? Values(JsonElement configuration, string path) =>
        JsonBody.OptionalObject(configuration, path, "values")?.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);

    private static ConfigurationWire Map(ConfigurationView group, int? instanceCount)
    {
        var parameters = ParameterCatalog.For(group.DatastoreVersionId).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var values = group.Values.ToDictionary(
            pair => pair.Key,
            pair => Typed(parameters.GetValueOrDefault(pair.Key)?.Type, pair.Value),
            StringComparer.Ordinal);
        return new ConfigurationWire(
            group.Id, group.Name, group.Description, TroveTime.Format(group.Created), TroveTime.Format(group.Updated),
            group.DatastoreName, group.DatastoreVersionId, group.DatastoreVersionName, group.DatastoreVersionName, values, instanceCount);
    }

    // Values keep their JSON types on the wire, as Trove converts them back: numbers, true/false, strings.
    private static JsonElement Typed(string? type, string value) => type switch
    {
        "integer" or "float" => JsonDocument.Parse(value).RootElement.Clone(),
        "boolean" => JsonDocument.Parse(value == "ON" ? "true" : "false").RootElement.Clone(),
        _ => JsonDocument.Parse($"\"{JsonEncodedText.Encode(value)}\"").RootElement.Clone(),
    };

    private static ParameterWire Map(DatastoreVersionView version, ParameterDefinition parameter) =>
        new(parameter.Name, version.Id, parameter.RestartRequired, parameter.Type, parameter.Min, parameter.Max) { AllowedValues = parameter.AllowedValues };
}
