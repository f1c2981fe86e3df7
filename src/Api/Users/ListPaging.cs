using Microsoft.AspNetCore.Http;
using Serverless.Api.Wire;

namespace Serverless.Api.Users;

/// <summary>
/// Users and databases come back in one page unless the request asks for a <c>limit</c>: OpenStack's
/// <c>user list</c> asks for later pages with the instance argument as typed (a name, not the id), which these
/// paths do not resolve (trove-clients.md §3.2), so a page cut it did not ask for would fail it.
/// </summary>
internal static class ListPaging
{
    public static (List<T> Page, IReadOnlyList<Link>? Links) Page<T>(
        HttpRequest request, IReadOnlyList<T> ordered, Func<T, string> idOf, string noun, int maxPageSize, string collectionHref) =>
        request.Query.ContainsKey("limit")
            ? MarkerPaging.Page(request, ordered, idOf, noun, maxPageSize, collectionHref)
            : ([.. ordered], null);
}
