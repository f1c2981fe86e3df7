using System.Text.Json;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>One request the fake ARM received.</summary>
internal sealed record ArmRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string Authorization, string Body)
{
    public string? ApiVersion => Query.TryGetValue("api-version", out var version) ? version : null;

    public JsonElement Json() => JsonDocument.Parse(Body).RootElement.Clone();
}
