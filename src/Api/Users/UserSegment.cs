namespace Serverless.Api.Users;

/// <summary>
/// The user segment of <c>/users/{user}</c> (trove-clients.md §3.1): the clients send <c>quote("name@host")</c>, or
/// the name alone. The host follows the last <c>@</c>; no <c>@</c>, or nothing after it, means any host (<c>%</c>).
/// The web stack has percent-decoded the segment already.
/// </summary>
internal static class UserSegment
{
    public static (string Name, string Host) Parse(string segment)
    {
        var at = segment.LastIndexOf('@');
        return at < 0 ? (segment, "%")
            : at == segment.Length - 1 ? (segment[..at], "%")
            : (segment[..at], segment[(at + 1)..]);
    }

    /// <summary>The id a list marker names: <c>name@host</c>.</summary>
    public static string Format(string name, string host) => $"{name}@{host}";
}
