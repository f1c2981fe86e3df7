using System.Globalization;

namespace Serverless.Api.Wire;

/// <summary>Trove's timestamps: UTC, <c>YYYY-MM-DDTHH:MM:SS</c>, no offset.</summary>
internal static class TroveTime
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
}
