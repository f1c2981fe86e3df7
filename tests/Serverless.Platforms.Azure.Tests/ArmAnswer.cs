using System.Text.Json;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>One scripted answer of the fake ARM. Header values may contain <c>{endpoint}</c>, replaced by the server's own endpoint.</summary>
internal sealed record ArmAnswer(int Status, string? Body, IReadOnlyDictionary<string, string> Headers)
{
    public static ArmAnswer Json(int status, object body, params (string Name, string Value)[] headers) =>
        new(status, JsonSerializer.Serialize(body), headers.ToDictionary(h => h.Name, h => h.Value));

    public static ArmAnswer Empty(int status, params (string Name, string Value)[] headers) =>
        new(status, null, headers.ToDictionary(h => h.Name, h => h.Value));

    public static ArmAnswer Error(int status, string code, string message, params (string Name, string Value)[] headers) =>
        Json(status, new { error = new { code, message } }, headers);

    /// <summary>A 201 or 202 that points to an <c>Azure-AsyncOperation</c> URL on the fake ARM.</summary>
    public static ArmAnswer AcceptedAsync(int status, string operationPath, int retryAfterSeconds = 5) =>
        Empty(status, ("Azure-AsyncOperation", "{endpoint}" + operationPath), ("Retry-After", retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>An <c>Azure-AsyncOperation</c> status body.</summary>
    public static ArmAnswer OperationStatus(string status, int? retryAfterSeconds = null, string? errorCode = null, string? errorMessage = null) =>
        Json(
            200,
            errorCode is null ? new { status } : new { status, error = new { code = errorCode, message = errorMessage } },
            retryAfterSeconds is { } seconds ? [("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture))] : []);
}
