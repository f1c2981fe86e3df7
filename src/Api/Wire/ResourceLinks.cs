using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Serverless.Api.Wire;

/// <summary>Builds the <c>links</c> of responses from the public base URL, or from the request when none is set.</summary>
internal sealed class ResourceLinks(IOptions<TroveApiOptions> options)
{
    public string ProjectBase(HttpContext context, string projectId)
    {
        var root = options.Value.PublicBaseUrl is { } configured
            ? configured.ToString().TrimEnd('/')
            : $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}";
        return $"{root}/v1.0/{Uri.EscapeDataString(projectId)}";
    }

    public string Href(HttpContext context, string projectId, string collection, string id) =>
        $"{ProjectBase(context, projectId)}/{collection}/{Uri.EscapeDataString(id)}";

    public IReadOnlyList<Link> Of(HttpContext context, string projectId, string collection, string id)
    {
        var href = Href(context, projectId, collection, id);
        return [new Link(href, "self"), new Link(href, "bookmark")];
    }
}
