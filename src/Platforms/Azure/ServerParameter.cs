namespace Serverless.Platforms.Azure;

/// <summary>A server parameter (ARM's <c>configurations</c> child) as ARM reports it.</summary>
/// <param name="Name">The MySQL variable, e.g. <c>binlog_expire_logs_seconds</c>.</param>
/// <param name="Value">The configured value.</param>
/// <param name="DefaultValue">Azure's default.</param>
/// <param name="AllowedValues">What Azure accepts, e.g. <c>ON,OFF</c> or <c>0-4294967295</c>; Azure caps some engine ranges.</param>
/// <param name="Source"><c>system-default</c> or <c>user-override</c>.</param>
/// <param name="IsReadOnly">True when Azure does not let it change.</param>
/// <param name="IsDynamic">True when a change takes effect without a restart.</param>
/// <param name="IsPendingRestart">True when a change waits for a restart.</param>
public sealed record ServerParameter(
    string Name,
    string? Value,
    string? DefaultValue,
    string? AllowedValues,
    string? Source,
    bool IsReadOnly,
    bool IsDynamic,
    bool IsPendingRestart);
