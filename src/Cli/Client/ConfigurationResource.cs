using System.Text.Json;

namespace Serverless.Cli.Client;

/// <summary>A configuration group (trove-clients.md §2.1); <c>values</c> only in the detail. Unknown fields are ignored.</summary>
internal sealed record ConfigurationResource(
    string Id,
    string Name,
    string? Description,
    string? DatastoreName,
    string? DatastoreVersionName,
    JsonElement? Values,
    int? InstanceCount,
    string? Created,
    string? Updated);

internal sealed record ConfigurationEnvelope(ConfigurationResource Configuration);

internal sealed record ConfigurationListEnvelope(IReadOnlyList<ConfigurationResource> Configurations, IReadOnlyList<LinkReference>? Links);
