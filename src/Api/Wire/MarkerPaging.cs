using System.Globalization;
using Microsoft.AspNetCore.Http;
using Serverless.Api.Errors;

namespace Serverless.Api.Wire;

/// <summary>
/// Trove's paging (trove-api.md §4): <c>?limit=N&amp;marker=ID</c> returns up to N items after the one with id ID,
/// with a <c>next</c> link whose <c>marker</c> the clients take for the following page; the last page has no link.
/// </summary>
internal static class MarkerPaging
{
    /// <summary>Cuts the page the request asks for out of the whole, ordered collection.</summary>
    /// <param name="request">The list request, with its optional <c>limit</c> and <c>marker</c>.</param>
    /// <param name="ordered">Every item, in the order pages follow each other.</param>
    /// <param name="idOf">The id a marker names.</param>
    /// <param name="noun">The item with its article, for the unknown-marker message: <c>an instance</c>.</param>
    /// <param name="maxPageSize">The largest page, whatever <c>limit</c> asks for.</param>
    /// <param name="collectionHref">The collection's absolute URL, for the <c>next</c> link.</param>
    /// <param name="filters">Query parameters the next page must repeat, such as <c>instance_id</c>.</param>
    public static (List<T> Page, IReadOnlyList<Link>? Links) Page<T>(
        HttpRequest request,
        IReadOnlyList<T> ordered,
        Func<T, string> idOf,
        string noun,
        int maxPageSize,
        string collectionHref,
        params KeyValuePair<string, string?>[] filters)
    {
        var limit = Limit(request.Query["limit"], maxPageSize);
        var marker = request.Query["marker"].ToString();

        // As in Trove, an unknown marker is refused rather than read as "from the start".
        var start = 0;
        if (marker.Length > 0)
        {
            var at = ordered.Select(idOf).ToList().FindIndex(id => string.Equals(id, marker, StringComparison.Ordinal));
            start = at >= 0 ? at + 1 : throw TroveRequestException.BadRequest($"Marker {marker} is not {noun} of this project; use an id from the previous page.");
        }

        var page = ordered.Skip(start).Take(limit).ToList();
        if (page.Count == 0 || start + page.Count >= ordered.Count)
        {
            return (page, null);
        }

        var query = QueryString.Create(
        [
            .. filters.Where(filter => !string.IsNullOrEmpty(filter.Value)),
            new("limit", limit.ToString(CultureInfo.InvariantCulture)),
            new("marker", idOf(page[^1])),
        ]);
        return (page, [new Link(collectionHref + query.ToUriComponent(), "next")]);
    }

    private static int Limit(string? value, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return max;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? Math.Min(limit, max)
            : throw TroveRequestException.BadRequest("'limit' must be a positive whole number.");
    }
}
