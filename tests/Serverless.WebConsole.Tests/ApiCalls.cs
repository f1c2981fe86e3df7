using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Serverless.WebConsole.Tests;

/// <summary>Arranges state through the Trove API, as any client would, and waits for it with a deadline.</summary>
internal sealed class ApiCalls(HttpClient client)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public async Task<JsonElement> PostAsync(string path, string json)
    {
        using var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return await ReadAsync(response);
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await client.GetAsync(path);
        return await ReadAsync(response);
    }

    /// <summary>Waits until <c>{collection}/{id}</c> has <paramref name="status"/>; fails at once on ERROR or FAILED.</summary>
    public async Task<JsonElement> WaitForStatusAsync(string collection, string id, string status)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var resource = (await GetAsync($"{collection}/{id}")).GetProperty(collection.TrimEnd('s'));
            var current = resource.GetProperty("status").GetString();
            if (current == status)
            {
                return resource;
            }

            Assert.False(current is "ERROR" or "FAILED", $"{collection}/{id} failed: {resource.GetRawText()}");
            Assert.True(clock.Elapsed < Patience, $"{collection}/{id} still {current} after {clock.Elapsed}");
            await Task.Delay(250);
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
