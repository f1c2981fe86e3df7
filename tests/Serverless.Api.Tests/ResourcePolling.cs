using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>Polls a resource (<c>instances/{id}</c>, <c>backups/{id}</c>) until it reaches a status or is gone.</summary>
internal static class ResourcePolling
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>Waits for the status and returns the resource; fails at once when it lands in ERROR or FAILED instead.</summary>
    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string collection, string id, string status)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync($"{collection}/{id}");
            var resource = (await TroveResponse.JsonAsync(response, 200)).GetProperty(collection.TrimEnd('s'));
            var current = resource.GetProperty("status").GetString();
            if (current == status)
            {
                return resource;
            }

            Assert.True(current is not ("ERROR" or "FAILED") || status == current, $"{collection}/{id} failed: {resource.GetRawText()}");
            Assert.True(clock.Elapsed < Patience, $"{collection}/{id} still {current} after {clock.Elapsed}");
            await Task.Delay(250);
        }
    }

    /// <summary>Waits until the resource answers 404 in Trove's error shape.</summary>
    public static async Task WaitForGoneAsync(HttpClient client, string collection, string id)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            using var response = await client.GetAsync($"{collection}/{id}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                await TroveResponse.FaultAsync(response, 404, "itemNotFound");
                return;
            }

            Assert.True(clock.Elapsed < Patience, $"{collection}/{id} still there after {clock.Elapsed}");
            await Task.Delay(250);
        }
    }
}
