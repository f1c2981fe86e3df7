using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Storage.Blobs;

/// <summary>
/// Signs each request (each retry again, after <see cref="RequestDatePolicy"/> has set a fresh
/// <c>x-ms-date</c>) with the account key, as "Authorize with Shared Key" of the Blob REST API
/// describes for service versions 2009-09-19 and later.
/// </summary>
internal sealed class SharedKeyAuthenticationPolicy : HttpPipelineSynchronousPolicy
{
    // The standard headers of the string-to-sign, in order; Date stays empty because x-ms-date is sent.
    private static readonly string[] SignedStandardHeaders =
    [
        "Content-Encoding", "Content-Language", "Content-Length", "Content-MD5", "Content-Type", "Date",
        "If-Modified-Since", "If-Match", "If-None-Match", "If-Unmodified-Since", "Range",
    ];

    private readonly string accountName;
    private readonly byte[] accountKey;

    public SharedKeyAuthenticationPolicy(string accountName, byte[] accountKey)
    {
        this.accountName = accountName;
        this.accountKey = accountKey;
    }

    public override void OnSendingRequest(HttpMessage message)
    {
        var signature = Convert.ToBase64String(HMACSHA256.HashData(accountKey, Encoding.UTF8.GetBytes(StringToSign(message.Request))));
        message.Request.Headers.SetValue("Authorization", $"SharedKey {accountName}:{signature}");
    }

    /// <summary>
    /// VERB, the standard headers (Content-Length empty when zero), the canonicalized
    /// <c>x-ms-*</c> headers and the canonicalized resource, separated by newlines.
    /// </summary>
    internal string StringToSign(Request request)
    {
        var text = new StringBuilder(request.Method.Method.ToUpperInvariant()).Append('\n');
        foreach (var header in SignedStandardHeaders)
        {
            text.Append(header == "Content-Length" ? ContentLength(request) : request.Headers.TryGetValue(header, out var value) ? value : "").Append('\n');
        }

        // CanonicalizedHeaders: x-ms-* names lowercased, sorted, "name:value\n" each.
        foreach (var header in request.Headers
                     .Where(h => h.Name.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
                     .Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim()))
                     .OrderBy(h => h.Name, HeaderNameOrder.Instance))
        {
            text.Append(header.Name).Append(':').Append(header.Value).Append('\n');
        }

        // CanonicalizedResource: /account/path as sent (still percent-encoded; for emulator URLs
        // the path starts with the account again), then each query parameter as
        // "\nname:value", names lowercased and sorted, values decoded.
        var uri = request.Uri.ToUri();
        text.Append('/').Append(accountName).Append(uri.AbsolutePath);
        var parameters = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]).ToLowerInvariant();
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!parameters.TryGetValue(name, out var values))
            {
                parameters[name] = values = [];
            }

            values.Add(value);
        }

        foreach (var (name, values) in parameters)
        {
            values.Sort(StringComparer.Ordinal);
            text.Append('\n').Append(name).Append(':').AppendJoin(',', values);
        }

        return text.ToString();
    }

    /// <summary>
    /// The order the service sorts canonicalized header names in. "Lexicographically" in the spec
    /// is a culture-aware order, not an ordinal one: punctuation comes before digits, so
    /// <c>x-ms-meta-a_b</c> sorts before <c>x-ms-meta-a1</c> (ordinal order would swap them and
    /// the signature would not match). Names are lowercased ASCII: letters, digits, '-' and '_'
    /// (metadata names are C# identifiers).
    /// </summary>
    private sealed class HeaderNameOrder : IComparer<string>
    {
        public static readonly HeaderNameOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }

            var length = Math.Min(x.Length, y.Length);
            for (var i = 0; i < length; i++)
            {
                var difference = Weight(x[i]).CompareTo(Weight(y[i]));
                if (difference != 0)
                {
                    return difference;
                }
            }

            return x.Length.CompareTo(y.Length);
        }

        private static int Weight(char c) => c switch
        {
            '_' => 0,
            '-' => 1,
            >= '0' and <= '9' => 2 + (c - '0'),
            >= 'a' and <= 'z' => 12 + (c - 'a'),
            _ => 64 + c,
        };
    }

    private static string ContentLength(Request request) =>
        request.Content is { } content && content.TryComputeLength(out var length) && length > 0
            ? length.ToString(CultureInfo.InvariantCulture)
            : "";
}
