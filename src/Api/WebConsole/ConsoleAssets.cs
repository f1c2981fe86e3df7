using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;

namespace Serverless.Api.WebConsole;

/// <summary>
/// The web console's files (WebConsole/assets: HTML, CSS and JavaScript modules), embedded in this assembly so that
/// every host serves the same console with nothing to deploy beside it and nothing fetched from elsewhere.
/// </summary>
internal static class ConsoleAssets
{
    private const string Prefix = "/console";
    private const string ResourcePrefix = "console/";

    // The console talks to its own origin only; no inline script or style, no framing, no referrer carrying paths.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    /// <summary>
    /// Answers <c>GET /console</c> (redirected to <c>/console/</c>, so that the pages' relative links resolve below it),
    /// <c>/console/</c> (the page) and <c>/console/{file}</c>; 404 for anything else, 405 for other methods.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>A task completing once the answer is written.</returns>
    public static Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }

        var path = request.Path.Value ?? "";
        if (string.Equals(path, Prefix, StringComparison.Ordinal))
        {
            response.Redirect($"{request.PathBase}{Prefix}/");
            return Task.CompletedTask;
        }

        var name = path.StartsWith(Prefix + "/", StringComparison.Ordinal) ? path[(Prefix.Length + 1)..] : "";
        if (name.Length == 0)
        {
            name = "index.html";
        }

        if (!Files.TryGetValue(name, out var content) || !ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            response.ContentType = "text/plain; charset=utf-8";
            return response.WriteAsync($"There is no {path} in the console.", context.RequestAborted);
        }

        response.ContentType = contentType;
        response.ContentLength = content.Length;
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "no-referrer";
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.Body.WriteAsync(content, context.RequestAborted).AsTask();
    }

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[ResourcePrefix.Length..]] = copy.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
