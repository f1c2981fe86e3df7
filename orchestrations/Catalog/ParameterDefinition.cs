namespace Serverless.Orchestrations.Catalog;

/// <summary>A server parameter a configuration group may set, as Trove's <c>configuration-parameters</c> list it.</summary>
/// <param name="Name">The MySQL system variable, for example <c>max_connections</c>.</param>
/// <param name="Type">One of <c>integer</c>, <c>float</c>, <c>boolean</c>, <c>string</c>.</param>
/// <param name="Min">The smallest value (numbers); null for none.</param>
/// <param name="Max">The largest value (numbers); null for none.</param>
/// <param name="AllowedValues">The only values a string parameter may take (compared case-insensitively); null for any.</param>
/// <param name="RestartRequired">True when the server reads it only at start; false when it is set at once.</param>
public sealed record ParameterDefinition(string Name, string Type, decimal? Min, decimal? Max, IReadOnlyList<string>? AllowedValues, bool RestartRequired);
