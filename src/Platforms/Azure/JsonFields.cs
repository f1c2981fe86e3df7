using System.Globalization;
using System.Text.Json;

namespace Serverless.Platforms.Azure;

/// <summary>Tolerant readers for ARM's JSON: a missing or differently typed field reads as absent rather than failing.</summary>
internal static class JsonFields
{
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
                _ => null,
            }
            : null;

    public static int Int(JsonElement element, string name, int fallback) =>
        String(element, name) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>ARM spells some flags as the strings <c>"True"</c>/<c>"False"</c>.</summary>
    public static bool Bool(JsonElement element, string name) =>
        string.Equals(String(element, name), "true", StringComparison.OrdinalIgnoreCase);

    public static JsonElement Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : default;
}
