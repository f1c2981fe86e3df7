using System.Globalization;
using Azure;
using Azure.Core;

namespace Serverless.Storage.Blobs;

/// <summary>Reads <see cref="BlobProperties"/> from the headers of Get Blob and Get Blob Properties responses.</summary>
internal static class BlobPropertiesReader
{
    private const string MetadataPrefix = "x-ms-meta-";

    /// <summary>
    /// The properties of the whole blob. For a ranged read the size comes from
    /// <c>Content-Range: bytes first-last/size</c>, otherwise from <c>Content-Length</c>.
    /// </summary>
    public static BlobProperties FromHeaders(ResponseHeaders headers)
    {
        headers.TryGetValue("ETag", out var etag);
        headers.TryGetValue("Last-Modified", out var lastModified);
        headers.TryGetValue("Content-Type", out var contentType);
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in headers)
        {
            if (header.Name.StartsWith(MetadataPrefix, StringComparison.OrdinalIgnoreCase))
            {
                metadata[header.Name[MetadataPrefix.Length..]] = header.Value;
            }
        }

        return new BlobProperties(QuotedETag(etag), BlobSize(headers), ParseHttpDate(lastModified), contentType, metadata);
    }

    /// <summary>The number of bytes in the response body (<c>Content-Length</c>).</summary>
    public static long ContentLength(ResponseHeaders headers) =>
        headers.TryGetValue("Content-Length", out var value) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length) ? length : 0;

    /// <summary>
    /// ETags in headers are quoted, in listings they are not; quoting both keeps them comparable
    /// and usable in <c>If-Match</c>.
    /// </summary>
    public static ETag QuotedETag(string? value) =>
        string.IsNullOrEmpty(value) ? default : new ETag(value.StartsWith('"') || value.StartsWith("W/", StringComparison.Ordinal) ? value : $"\"{value}\"");

    /// <summary>Parses an RFC 1123 date such as <c>Sun, 06 Nov 1994 08:49:37 GMT</c>; unset or malformed dates read as <see cref="DateTimeOffset.MinValue"/>.</summary>
    public static DateTimeOffset ParseHttpDate(string? value) =>
        DateTimeOffset.TryParseExact(value, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : DateTimeOffset.MinValue;

    private static long BlobSize(ResponseHeaders headers)
    {
        if (headers.TryGetValue("Content-Range", out var range))
        {
            var slash = range.LastIndexOf('/');
            if (slash >= 0 && long.TryParse(range.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return size;
            }
        }

        return ContentLength(headers);
    }
}
