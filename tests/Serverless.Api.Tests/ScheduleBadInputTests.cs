using Serverless.Testing;
using Xunit;

namespace Serverless.Api.Tests;

/// <summary>Schedule requests refused with Trove faults that name the field or say what to send.</summary>
[Collection(ApiCollection.Name)]
public sealed class ScheduleBadInputTests(ApiHost host)
{
    private const string UnknownId = "7c0d9a6e-3333-4333-8444-955556666777";

    // The body is checked before the instance is looked up, so these need no instance.
    public static TheoryData<string, int, string, string> Refusals => new()
    {
        { """{"schedule": {"name": "nightly", "pattern": "0 25 * * *"}}""", 400, "badRequest", "The cron pattern '0 25 * * *' is not valid" },
        { """{"schedule": {"name": "nightly", "pattern": "every night"}}""", 400, "badRequest", "has 2 fields; give 5" },
        { """{"schedule": {"name": "nightly", "pattern": "* * * * * *"}}""", 400, "badRequest", "more than once a minute" },
        { """{"schedule": {"name": "nightly"}}""", 400, "badRequest", "'schedule.pattern' is required" },
        { """{"schedule": {"pattern": "0 3 * * *"}}""", 400, "badRequest", "'schedule.name' is required" },
        { """{"schedule": {"name": "nightly", "pattern": "0 3 * * *", "keep_count": -2}}""", 400, "badRequest", "Retention by count must keep 1-1000 backups (was -2)" },
        { """{"schedule": {"name": "nightly", "pattern": "0 3 * * *", "keep_days": -1}}""", 400, "badRequest", "Retention by age must keep 1-3650 days of backups (was -1)" },
        { """{"schedule": {"name": "nightly", "pattern": "0 3 * * *", "keep_days": "a week"}}""", 400, "badRequest", "'schedule.keep_days' must be a whole number" },
        { """{"schedule": {"name": "nightly", "pattern": "0 3 * * *", "incremental": "yes"}}""", 400, "badRequest", "'schedule.incremental' must be true or false" },
        { """{"schedule": {"name": "nightly", "pattern": "0 3 * * *", "retention": 3}}""", 400, "badRequest", "schedule.retention" },
        { """{"schedule": {"name": "nightly", "pattern": "0 3 * * *"}}""", 404, "itemNotFound", UnknownId },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task CreateWithBadInput_IsRefused_WithTroveFault_SayingWhy(string body, int status, string fault, string mentioned)
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        using var response = await client.PostAsync($"instances/{UnknownId}/schedules", TroveResponse.Body(body));

        Assert.Contains(mentioned, await TroveResponse.FaultAsync(response, status, fault), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownScheduleOrInstance_Is404ItemNotFound()
    {
        using var client = host.Client(ApiHost.Alpha, ApiHost.AlphaToken);

        Assert.Contains(UnknownId, await TroveResponse.FaultAsync(await client.GetAsync($"schedules/{UnknownId}"), 404, "itemNotFound"), StringComparison.Ordinal);
        await TroveResponse.FaultAsync(await client.DeleteAsync($"schedules/{UnknownId}"), 404, "itemNotFound");
        await TroveResponse.FaultAsync(await client.GetAsync($"schedules/{UnknownId}/executions"), 404, "itemNotFound");
        Assert.Contains(UnknownId, await TroveResponse.FaultAsync(await client.GetAsync($"instances/{UnknownId}/schedules"), 404, "itemNotFound"), StringComparison.Ordinal);
    }
}
