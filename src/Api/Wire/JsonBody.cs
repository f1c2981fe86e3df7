using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Serverless.Api.Errors;

namespace Serverless.Api.Wire;

/// <summary>
/// Reads a request body as a JSON document and checks its fields by hand, so that every refusal names the field
/// (as a path such as <c>instance.volume.size</c>) and says what to send instead. Values are never echoed back:
/// bodies hold passwords.
/// </summary>
internal static class JsonBody
{
    private const string JsonMediaType = "application/json";

    public static async Task<JsonElement> ReadObjectAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken) =>
        await ReadOptionalObjectAsync(request, maxBytes, cancellationToken)
            ?? throw TroveRequestException.BadRequest("The request body is empty; send a JSON object.");

    /// <summary>Reads the body as a JSON object; null when there is no body (root enable without a password sends none).</summary>
    public static async Task<JsonElement?> ReadOptionalObjectAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new TroveRequestException(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {maxBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new TroveRequestException(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {maxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return null;
        }

        RequireJsonContentType(request);

        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (!Utf8.IsValid(bytes.Span))
        {
            // The reader checks the JSON's structure, not the bytes inside strings; reading such a string later throws.
            throw TroveRequestException.BadRequest("The request body is not valid UTF-8; send JSON text encoded as UTF-8.");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw TroveRequestException.BadRequest("The request body must be a JSON object.");
            }

            RequireText(document.RootElement);
            return document.RootElement.Clone();
        }
        catch (InvalidOperationException)
        {
            // Raised while the document compares property names (duplicates) holding an unpaired surrogate escape.
            throw UnpairedSurrogate();
        }
        catch (JsonException e)
        {
            // The reader's position helps; its message never contains the document's values.
            var where = e.LineNumber is { } line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : string.Empty;
            throw TroveRequestException.BadRequest($"The request body is not valid JSON{where}.");
        }
    }

    // As Trove's WSGI layer: a body whose Content-Type names anything but JSON is refused (415) whatever it holds; a body
    // without one is read as JSON (the clients send application/json with every body, and none without a body). Checked
    // only when there is a body, as Trove deserializes (and checks the type of) non-empty bodies only.
    private static void RequireJsonContentType(HttpRequest request)
    {
        if (string.IsNullOrEmpty(request.ContentType))
        {
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            throw new TroveRequestException(StatusCodes.Status415UnsupportedMediaType, $"Unsupported Content-Type: send the body as {JsonMediaType}.");
        }
    }

    // A \uD800 escape without its pair is valid JSON syntax but no text: reading the string throws, so every name and
    // string is read once here, where it can be refused as bad input.
    private static void RequireText(JsonElement element)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        _ = property.Name;
                        RequireText(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        RequireText(item);
                    }

                    break;
                case JsonValueKind.String:
                    _ = element.GetString();
                    break;
            }
        }
        catch (InvalidOperationException)
        {
            throw UnpairedSurrogate();
        }
    }

    private static TroveRequestException UnpairedSurrogate() =>
        TroveRequestException.BadRequest("The request body holds a string that is not valid Unicode (an unpaired \\uD800-\\uDFFF escape); send each character whole.");

    public static void OnlyKnownFields(JsonElement obj, string path, params string[] known)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw TroveRequestException.BadRequest(
                    $"Unknown field '{Join(path, property.Name)}'. Fields accepted in '{path}': {string.Join(", ", known)}.");
            }
        }
    }

    public static JsonElement? Optional(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static JsonElement RequiredObject(JsonElement obj, string path, string name)
    {
        var value = Optional(obj, name) ?? throw TroveRequestException.BadRequest($"'{Join(path, name)}' is required.");
        return value.ValueKind == JsonValueKind.Object
            ? value
            : throw TroveRequestException.BadRequest($"'{Join(path, name)}' must be a JSON object.");
    }

    public static JsonElement? OptionalObject(JsonElement obj, string path, string name) =>
        Optional(obj, name) is not { } value ? null
        : value.ValueKind == JsonValueKind.Object ? value
        : throw TroveRequestException.BadRequest($"'{Join(path, name)}' must be a JSON object.");

    public static JsonElement.ArrayEnumerator OptionalArray(JsonElement obj, string path, string name) =>
        Optional(obj, name) is not { } value ? default
        : value.ValueKind == JsonValueKind.Array ? value.EnumerateArray()
        : throw TroveRequestException.BadRequest($"'{Join(path, name)}' must be a JSON array.");

    public static string? OptionalString(JsonElement obj, string path, string name) =>
        Optional(obj, name) is not { } value ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw TroveRequestException.BadRequest($"'{Join(path, name)}' must be a string.");

    public static string RequiredString(JsonElement obj, string path, string name) =>
        OptionalString(obj, path, name) is { Length: > 0 } value
            ? value
            : throw TroveRequestException.BadRequest($"'{Join(path, name)}' is required and must be a non-empty string.");

    public static int RequiredInteger(JsonElement obj, string path, string name)
    {
        var value = Optional(obj, name) ?? throw TroveRequestException.BadRequest($"'{Join(path, name)}' is required.");
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        // Some clients send numbers as strings; accept them when they are whole numbers.
        if (value.ValueKind == JsonValueKind.String
            && int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw TroveRequestException.BadRequest($"'{Join(path, name)}' must be a whole number.");
    }

    public static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
