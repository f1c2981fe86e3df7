using System.Globalization;
using Azure;

namespace Serverless.Platforms.Azure;

/// <summary>Reads how long ARM asks a client to wait: <c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c> or <c>Retry-After</c> (seconds or an HTTP date).</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? Read(Response response, TimeProvider time)
    {
        foreach (var name in (ReadOnlySpan<string>)["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (response.Headers.TryGetValue(name, out var milliseconds)
                && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
            {
                return TimeSpan.FromMilliseconds(ms);
            }
        }

        if (!response.Headers.TryGetValue("Retry-After", out var value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
