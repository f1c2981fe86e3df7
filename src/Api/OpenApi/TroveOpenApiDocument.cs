using System.Text.Json;
using System.Text.RegularExpressions;

namespace Serverless.Api.OpenApi;

/// <summary>
/// The OpenAPI 3.1 document of the API, generated from the route table (<see cref="TroveRoutes.Endpoints"/>) and
/// <see cref="TroveOpenApiSummaries"/>: every path and method the hosts serve, nothing else. Both hosts serve it at
/// <see cref="Path"/>; docs/openapi.json is the same document, checked in, and a test keeps them equal.
/// </summary>
/// <remarks>
/// Generated here rather than by Microsoft.AspNetCore.OpenApi: that package reads the endpoint data source of an
/// ASP.NET Core app, which the Functions app does not have, and our handlers read their bodies by hand (Trove's
/// envelopes, its error shape), so it would describe the paths and little more; the route table is the one truth.
/// </remarks>
internal static partial class TroveOpenApiDocument
{
    /// <summary>Where the hosts serve the document.</summary>
    public const string Path = "openapi/v1.json";

    private const string FaultSchema = "#/components/schemas/Fault";

    private static readonly Lazy<byte[]> Cached = new(() => Build(indented: true));

    /// <summary>Gets the document as UTF-8 JSON, indented, with a final newline.</summary>
    public static byte[] Utf8 => Cached.Value;

    /// <summary>Writes the document.</summary>
    /// <param name="indented">Indents the JSON, for the checked-in copy and for people.</param>
    /// <returns>UTF-8 JSON.</returns>
    /// <exception cref="InvalidOperationException">A route has no summary in <see cref="TroveOpenApiSummaries"/>.</exception>
    public static byte[] Build(bool indented)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteString("openapi", "3.1.0");
            json.WriteStartObject("info");
            json.WriteString("title", "Serverless DBaaS API");
            json.WriteString("version", "1.0");
            json.WriteString("description", "The OpenStack Trove v1.0 API subset this service offers, plus its extensions (marked x-extension). Every call carries the project's token in X-Auth-Token; errors come as {\"<fault>\": {\"code\", \"message\"}}.");
            json.WriteEndObject();
            json.WriteStartArray("security");
            json.WriteStartObject();
            json.WriteStartArray("projectToken");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();

            json.WriteStartObject("paths");
            foreach (var path in TroveRoutes.Endpoints.GroupBy(route => "/" + route.Template, StringComparer.Ordinal).OrderBy(group => group.Key, StringComparer.Ordinal))
            {
                json.WriteStartObject(path.Key);
                WriteParameters(json, path.First().Template);
                foreach (var route in path.OrderBy(route => route.Method, StringComparer.Ordinal))
                {
                    WriteOperation(json, route);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            WriteComponents(json);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteOperation(Utf8JsonWriter json, TroveRoute route)
    {
        if (!TroveOpenApiSummaries.ByRoute.TryGetValue(route.Name, out var entry))
        {
            throw new InvalidOperationException($"Route {route.Name} ({route.Method} {route.Template}) has no line in TroveOpenApiSummaries; describe it there.");
        }

        json.WriteStartObject(route.Method!.ToLowerInvariant());
        json.WriteString("operationId", route.Name.StartsWith("Api_", StringComparison.Ordinal) ? route.Name[4..] : route.Name);
        json.WriteString("summary", entry.Summary);
        json.WriteStartArray("tags");
        json.WriteStringValue(route.Pattern.Split('/')[0]);
        json.WriteEndArray();
        if (entry.Extension)
        {
            json.WriteBoolean("x-extension", true);
        }

        if (entry.Body is { } body)
        {
            json.WriteStartObject("requestBody");
            json.WriteBoolean("required", true);
            json.WriteString("description", body);
            WriteJsonContent(json, schema => schema.WriteString("type", "object"));
            json.WriteEndObject();
        }

        json.WriteStartObject("responses");
        json.WriteStartObject("2XX");
        json.WriteString("description", "Done or accepted; the body, when there is one, is the resource in Trove's envelope.");
        json.WriteEndObject();
        json.WriteStartObject("default");
        json.WriteString("description", "An error in Trove's shape: 400 bad request, 401/403 token, 404 not found, 409 conflict, 422 unprocessable, 501 not offered.");
        WriteJsonContent(json, schema => schema.WriteString("$ref", FaultSchema));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    // "content": {"application/json": {"schema": {…}}}
    private static void WriteJsonContent(Utf8JsonWriter json, Action<Utf8JsonWriter> schema)
    {
        json.WriteStartObject("content");
        json.WriteStartObject("application/json");
        json.WriteStartObject("schema");
        schema(json);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteParameters(Utf8JsonWriter json, string template)
    {
        json.WriteStartArray("parameters");
        foreach (Match parameter in RouteParameter().Matches(template))
        {
            json.WriteStartObject();
            json.WriteString("name", parameter.Groups[1].Value);
            json.WriteString("in", "path");
            json.WriteBoolean("required", true);
            json.WriteStartObject("schema");
            json.WriteString("type", "string");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteComponents(Utf8JsonWriter json)
    {
        json.WriteStartObject("components");
        json.WriteStartObject("securitySchemes");
        json.WriteStartObject("projectToken");
        json.WriteString("type", "apiKey");
        json.WriteString("in", "header");
        json.WriteString("name", "X-Auth-Token");
        json.WriteString("description", "The project's token; the project id is the first segment after /v1.0.");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject("schemas");
        json.WriteStartObject("Fault");
        json.WriteString("type", "object");
        json.WriteString("description", "One key naming the fault (badRequest, itemNotFound, conflictingRequest, …) holding code and message.");
        json.WriteStartObject("additionalProperties");
        json.WriteString("type", "object");
        json.WriteStartArray("required");
        json.WriteStringValue("code");
        json.WriteStringValue("message");
        json.WriteEndArray();
        json.WriteStartObject("properties");
        json.WriteStartObject("code");
        json.WriteString("type", "integer");
        json.WriteEndObject();
        json.WriteStartObject("message");
        json.WriteString("type", "string");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex RouteParameter();
}
