using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Serverless.LocalHost.Identity;

/// <summary>
/// Just enough of the Keystone v3 identity API for clients that insist on password authentication (the legacy
/// <c>trove</c> CLI cannot run without it): version discovery and <c>POST /auth/tokens</c>, which hands out the
/// project's API token and a catalog whose <c>database</c> service is this host's Trove API. See
/// shared/reference/trove-api.md, section 10, for what the clients send and need.
/// </summary>
internal static class IdentityStubEndpoints
{
    public const string Prefix = "/identity/v3";

    private const string DefaultDomainId = "default";
    private const string DefaultDomainName = "Default";
    private const string Region = "RegionOne";
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(24);

    public static void Map(IEndpointRouteBuilder endpoints, IdentityStubOptions options)
    {
        var identity = endpoints.MapGroup(Prefix);
        identity.MapGet("/", (HttpContext context) => Json(StatusCodes.Status200OK, writer => WriteVersion(writer, BaseUrl(context))));
        identity.MapPost("/auth/tokens", (HttpContext context, CancellationToken cancellationToken) => IssueTokenAsync(context, options, cancellationToken));
    }

    /// <summary>The address the client reached us at, so that the links it follows lead back here.</summary>
    private static string BaseUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    private static async Task<ContentHttpResult> IssueTokenAsync(HttpContext context, IdentityStubOptions options, CancellationToken cancellationToken)
    {
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body, default, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, "Bad Request", "The request body is not JSON; send {\"auth\": {\"identity\": …, \"scope\": …}}.");
        }

        using (body)
        {
            if (CheckPasswordAuth(body.RootElement, options) is { } refusal)
            {
                return Error(StatusCodes.Status401Unauthorized, "Unauthorized", refusal);
            }
        }

        context.Response.Headers["X-Subject-Token"] = options.ProjectToken;
        var now = DateTimeOffset.UtcNow;
        var baseUrl = BaseUrl(context);
        return Json(StatusCodes.Status201Created, writer => WriteToken(writer, options, baseUrl, now));
    }

    /// <summary>Null when the body asks for a password-authenticated token of the configured user and project; otherwise why not.</summary>
    private static string? CheckPasswordAuth(JsonElement root, IdentityStubOptions options)
    {
        if (!TryGet(root, out var auth, "auth") || !TryGet(auth, out var identity, "identity")
            || !TryGet(identity, out var methods, "methods") || methods.ValueKind != JsonValueKind.Array
            || !methods.EnumerateArray().Any(m => m.ValueKind == JsonValueKind.String && m.GetString() == "password")
            || !TryGet(identity, out var user, "password", "user"))
        {
            return "Only password authentication is supported here: send auth.identity.methods [\"password\"] and auth.identity.password.user.";
        }

        var nameMatches = (StringOf(user, "name") ?? StringOf(user, "id")) == options.UserName;
        var passwordMatches = StringOf(user, "password") is { } password
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(password), Encoding.UTF8.GetBytes(options.Password));
        if (!nameMatches || !passwordMatches || !IsDefaultDomain(user))
        {
            return "The request you have made requires authentication: wrong user name or password.";
        }

        if (TryGet(auth, out var scope, "scope") && scope.ValueKind == JsonValueKind.Object)
        {
            if (!TryGet(scope, out var project, "project")
                || (StringOf(project, "name") ?? StringOf(project, "id")) != options.Project
                || !IsDefaultDomain(project))
            {
                return $"The user has no role on the requested scope; the only project here is '{options.Project}' in domain '{DefaultDomainName}'.";
            }
        }

        return null;
    }

    private static bool IsDefaultDomain(JsonElement owner) =>
        !TryGet(owner, out var domain, "domain")
        || StringOf(domain, "id") is DefaultDomainId
        || string.Equals(StringOf(domain, "name"), DefaultDomainName, StringComparison.OrdinalIgnoreCase);

    private static bool TryGet(JsonElement element, out JsonElement found, params string[] path)
    {
        found = element;
        foreach (var name in path)
        {
            if (found.ValueKind != JsonValueKind.Object || !found.TryGetProperty(name, out found))
            {
                return false;
            }
        }

        return true;
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static void WriteVersion(Utf8JsonWriter writer, string baseUrl)
    {
        writer.WriteStartObject("version");
        writer.WriteString("id", "v3.14");
        writer.WriteString("status", "stable");
        writer.WriteString("updated", "2020-04-07T00:00:00Z");
        writer.WriteStartArray("links");
        writer.WriteStartObject();
        writer.WriteString("rel", "self");
        writer.WriteString("href", $"{baseUrl}{Prefix}/");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartArray("media-types");
        writer.WriteStartObject();
        writer.WriteString("base", "application/json");
        writer.WriteString("type", "application/vnd.openstack.identity-v3+json");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteToken(Utf8JsonWriter writer, IdentityStubOptions options, string baseUrl, DateTimeOffset now)
    {
        writer.WriteStartObject("token");
        writer.WriteStartArray("methods");
        writer.WriteStringValue("password");
        writer.WriteEndArray();
        // The clients crash without expires_at; Keystone's format has microseconds.
        writer.WriteString("issued_at", KeystoneTime(now));
        writer.WriteString("expires_at", KeystoneTime(now + TokenLifetime));
        writer.WriteStartObject("user");
        writer.WriteString("id", options.UserName);
        writer.WriteString("name", options.UserName);
        WriteDefaultDomain(writer);
        writer.WriteEndObject();
        writer.WriteStartObject("project");
        writer.WriteString("id", options.Project);
        writer.WriteString("name", options.Project);
        WriteDefaultDomain(writer);
        writer.WriteEndObject();
        writer.WriteStartArray("roles");
        writer.WriteStartObject();
        writer.WriteString("id", "admin");
        writer.WriteString("name", "admin");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartArray("catalog");
        // The legacy CLI needs the database path to start with /v1.0/.
        WriteService(writer, "trove", "database", $"{baseUrl}/v1.0/{options.Project}");
        // The legacy CLI's schedule commands find Mistral here (docs/trove-clients.md §7); without it they would go to
        // localhost:8989. The local host serves the small part of Mistral they use.
        WriteService(writer, "mistral", "workflowv2", $"{baseUrl}{Mistral.MistralEndpoints.Prefix}");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>A catalog entry with its one endpoint: the clients only look for the public interface.</summary>
    private static void WriteService(Utf8JsonWriter writer, string name, string type, string url)
    {
        writer.WriteStartObject();
        writer.WriteString("id", name);
        writer.WriteString("type", type);
        writer.WriteString("name", name);
        writer.WriteStartArray("endpoints");
        writer.WriteStartObject();
        writer.WriteString("id", $"{name}-public");
        writer.WriteString("interface", "public");
        writer.WriteString("region_id", Region);
        writer.WriteString("region", Region);
        writer.WriteString("url", url);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteDefaultDomain(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("domain");
        writer.WriteString("id", DefaultDomainId);
        writer.WriteString("name", DefaultDomainName);
        writer.WriteEndObject();
    }

    private static string KeystoneTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static ContentHttpResult Error(int status, string title, string message) =>
        Json(status, writer =>
        {
            writer.WriteStartObject("error");
            writer.WriteNumber("code", status);
            writer.WriteString("title", title);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        });

    private static ContentHttpResult Json(int status, Action<Utf8JsonWriter> writeMembers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        return TypedResults.Content(Encoding.UTF8.GetString(buffer.ToArray()), "application/json", Encoding.UTF8, status);
    }
}
