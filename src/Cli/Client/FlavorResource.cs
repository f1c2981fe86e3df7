using System.Globalization;
using System.Text.Json.Serialization;

namespace Serverless.Cli.Client;

/// <summary>A flavor (trove-api.md §5): <c>id</c> is null for non-numeric ids, <c>str_id</c> always holds the id.</summary>
internal sealed record FlavorResource(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Id,
    string? StrId,
    string Name,
    int Ram,
    int Vcpus,
    int Disk)
{
    /// <summary>Gets the id as the API accepts it in <c>flavorRef</c>.</summary>
    [JsonIgnore]
    public string Key => StrId ?? Id?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
}

internal sealed record FlavorListEnvelope(IReadOnlyList<FlavorResource> Flavors);
