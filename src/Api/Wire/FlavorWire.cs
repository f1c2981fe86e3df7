using System.Text.Json.Serialization;

namespace Serverless.Api.Wire;

/// <summary>
/// A flavor as Trove shows it (trove-api.md §5): <c>id</c> is an integer for numeric ids and null otherwise, and
/// must always be present; <c>str_id</c> holds the string form the clients fall back to.
/// </summary>
internal sealed record FlavorWire(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Id,
    string StrId,
    string Name,
    int Ram,
    int Vcpus,
    int Disk,
    int Ephemeral,
    IReadOnlyList<Link> Links);

internal sealed record FlavorEnvelope(FlavorWire Flavor);

internal sealed record FlavorListEnvelope(IReadOnlyList<FlavorWire> Flavors);
