using System.Text.Json;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>Reads responses and checks Trove's error shape: <c>{"&lt;fault&gt;": {"code": N, "message": "…"}}</c>.</summary>
internal static class TroveResponse
{
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType ?? string.Empty, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts the status, the fault name and code, and returns the message.</summary>
    public static async Task<string> FaultAsync(HttpResponseMessage response, int status, string fault)
    {
        var body = await JsonAsync(response, status);
        var property = Assert.Single(body.EnumerateObject());
        Assert.Equal(fault, property.Name);
        Assert.Equal(status, property.Value.GetProperty("code").GetInt32());
        var message = property.Value.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        return message!;
    }

    public static StringContent Body(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
