using System.Text.Json;
using Azure;

namespace Serverless.Platforms.Azure;

/// <summary>
/// ARM's error body, <c>{"error":{"code":…,"message":…}}</c> (some resource providers send the inner object alone), and
/// the exception each status maps to.
/// </summary>
internal readonly record struct ArmError(string? Code, string? Message)
{
    public static ArmError Read(BinaryData? content)
    {
        if (content is null || content.ToMemory().IsEmpty)
        {
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(content.ToMemory());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            var error = root.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
            return new ArmError(JsonFields.String(error, "code"), JsonFields.String(error, "message"));
        }
        catch (JsonException)
        {
            // A gateway's HTML or text error page: the status says enough.
            return default;
        }
    }

    public static ArmRequestException ToException(string action, Response response, TimeProvider time, Exception? innerException = null)
    {
        var (code, message) = Read(response.Content);
        return response.Status switch
        {
            404 => new ArmResourceNotFoundException(action, code, message, innerException),
            409 => new ArmConflictException(action, code, message, innerException),
            429 => new ArmThrottledException(action, RetryAfterHeader.Read(response, time) ?? TimeSpan.Zero, code, message, innerException),
            401 or 403 => new ArmAuthorizationException(action, response.Status, code, message, innerException),
            _ => new ArmRequestException(action, response.Status, code, message, innerException),
        };
    }

    public static ArmRequestException ToException(string action, RequestFailedException exception, TimeProvider time) =>
        exception.GetRawResponse() is { } response
            ? ToException(action, response, time, exception)
            : new ArmRequestException(action, exception.Status, exception.ErrorCode, null, exception);
}
