namespace Serverless.Platforms;

/// <summary>
/// One server parameter (a MySQL system variable) as <see cref="IDatabasePlatform.ApplyParametersAsync"/> sets it.
/// </summary>
/// <param name="Name">The variable, for example <c>max_connections</c>: lower-case letters, digits and <c>_</c>.</param>
/// <param name="Value">The value, in the variable's own text form (<c>200</c>, <c>ON</c>, <c>utf8mb4</c>); null for the server's default.</param>
/// <param name="Type">How the value is typed: <c>integer</c>, <c>float</c>, <c>boolean</c> or <c>string</c>.</param>
/// <param name="RestartRequired">True when the server reads the variable only at start; false when it can be set at once.</param>
public sealed record ServerParameterSetting(string Name, string? Value, string Type, bool RestartRequired);
