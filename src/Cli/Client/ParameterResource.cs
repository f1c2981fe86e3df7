namespace Serverless.Cli.Client;

/// <summary>A configuration parameter of a datastore version (trove-clients.md §2): type, range, whether it needs a restart.</summary>
internal sealed record ParameterResource(
    string Name,
    string? Type,
    decimal? Min,
    decimal? Max,
    bool RestartRequired,
    IReadOnlyList<string>? AllowedValues);

internal sealed record ParameterListEnvelope(
    [property: System.Text.Json.Serialization.JsonPropertyName("configuration-parameters")] IReadOnlyList<ParameterResource> ConfigurationParameters);
