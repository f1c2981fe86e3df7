using System.Text.Json;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>One request the fake ARM received.</summary>
internal sealed record ArmRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Authorization, string Body)
{
    /// <summary>When the fake ARM received the request.</summary>
    public DateTimeOffset ReceivedAt { get; init; } = DateTimeOffset.UtcNow;

    public string? ApiVersion => Query.TryGetValue("api-version", out var version) ? version : null;

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();
}
