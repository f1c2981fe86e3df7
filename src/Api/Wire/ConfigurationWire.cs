using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Api.Wire;

/// <summary>
/// A configuration group (docs/trove-clients.md §2.1). The clients need <c>datastore_version_id</c> and <c>values</c> in the
/// detail; list items carry <c>datastore_version_number</c> and <c>description</c> too, so the OSC list makes no GET per row.
/// </summary>
internal sealed record ConfigurationWire(
    string Id,
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Description,
    string Created,
    string Updated,
    string DatastoreName,
    string DatastoreVersionId,
    string DatastoreVersionName,
    string DatastoreVersionNumber,
    IReadOnlyDictionary<string, JsonElement>? Values,
    int? InstanceCount);

internal sealed record ConfigurationEnvelope(ConfigurationWire Configuration);

internal sealed record ConfigurationListEnvelope(IReadOnlyList<ConfigurationWire> Configurations, IReadOnlyList<Link>? Links);

/// <summary>An instance in <c>GET /configurations/{id}/instances</c>.</summary>
internal sealed record ConfigurationInstanceWire(string Id, string Name);

internal sealed record ConfigurationInstanceListEnvelope(IReadOnlyList<ConfigurationInstanceWire> Instances);

/// <summary><c>GET /instances/{id}/configuration</c>: the clients need the <c>instance</c> wrapper.</summary>
internal sealed record InstanceConfigurationEnvelope(InstanceConfigurationWire Instance);

internal sealed record InstanceConfigurationWire(IReadOnlyDictionary<string, string> Configuration);

/// <summary>A parameter (Trove <c>ConfigurationParameterView</c>); <c>min</c> and <c>max</c> only when set.</summary>
internal sealed record ParameterWire(string Name, string DatastoreVersionId, bool RestartRequired, string Type, decimal? Min, decimal? Max)
{
    public IReadOnlyList<string>? AllowedValues { get; init; }
}

internal sealed record ParameterListEnvelope([property: JsonPropertyName("configuration-parameters")] IReadOnlyList<ParameterWire> ConfigurationParameters);

/// <summary>The group an instance uses, on the instance.</summary>
internal sealed record InstanceConfigurationRefWire(string Id, IReadOnlyList<Link> Links);
