using System.Text.Json;
using Azure.ResourceManager.Resources;

namespace Serverless.Platforms.Azure;

/// <summary>Reads a Flexible Server from ARM's JSON (api-version 2024-12-30), from a generic resource or from a list entry.</summary>
internal static class FlexibleServerReader
{
    private const int DefaultPort = 3306;

    public static FlexibleServer Read(GenericResourceData data)
    {
        using var properties = JsonDocument.Parse(data.Properties?.ToMemory() ?? "{}"u8.ToArray());
        var tags = data.Tags.ToDictionary(tag => tag.Key, tag => tag.Value, StringComparer.Ordinal);
        var sku = ReadSku(data.Sku?.Name, data.Sku?.Tier);
        return Read(data.Name, data.Id.ToString(), data.Location.Name, sku, tags, properties.RootElement);
    }

    public static FlexibleServer Read(JsonElement resource)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        if (resource.TryGetProperty("tags", out var tagObject) && tagObject.ValueKind == JsonValueKind.Object)
        {
            foreach (var tag in tagObject.EnumerateObject())
            {
                tags[tag.Name] = tag.Value.GetString() ?? "";
            }
        }

        var skuObject = JsonFields.Object(resource, "sku");
        var sku = ReadSku(JsonFields.String(skuObject, "name"), JsonFields.String(skuObject, "tier"));
        return Read(
            JsonFields.String(resource, "name") ?? "",
            JsonFields.String(resource, "id") ?? "",
            JsonFields.String(resource, "location") ?? "",
            sku,
            tags,
            JsonFields.Object(resource, "properties"));
    }

    public static FlexibleServerState ParseState(string? state) =>
        Enum.TryParse<FlexibleServerState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : FlexibleServerState.Unknown;

    private static FlexibleServer Read(string name, string id, string location, FlexibleServerSku? sku, Dictionary<string, string> tags, JsonElement properties)
    {
        var state = JsonFields.String(properties, "state");
        return new FlexibleServer(
            name,
            id,
            location,
            ParseState(state),
            state,
            JsonFields.String(properties, "fullyQualifiedDomainName"),
            JsonFields.Int(properties, "databasePort", DefaultPort),
            JsonFields.String(properties, "version"),
            sku,
            JsonFields.Int(JsonFields.Object(properties, "storage"), "storageSizeGB", 0),
            Enum.TryParse<ReplicationRole>(JsonFields.String(properties, "replicationRole"), ignoreCase: true, out var role) ? role : ReplicationRole.None,
            JsonFields.String(properties, "sourceServerResourceId") is { Length: > 0 } source ? source : null,
            Enum.TryParse<HighAvailabilityMode>(JsonFields.String(JsonFields.Object(properties, "highAvailability"), "mode"), ignoreCase: true, out var ha)
                ? ha
                : HighAvailabilityMode.Disabled,
            JsonFields.String(properties, "administratorLogin"),
            tags);
    }

    // A size without a tier this code knows is reported as unknown rather than guessed.
    private static FlexibleServerSku? ReadSku(string? name, string? tier) =>
        name is not null && Enum.TryParse<FlexibleServerTier>(tier, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? new FlexibleServerSku(name, parsed)
            : null;
}
