using System.Globalization;
using Serverless.Testing;
using Serverless.Testing.Hostile;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Api.Tests;

/// <summary>
/// Seeded hostile requests across every route and method (<see cref="HostileRequestGenerator"/>): no answer of 500 or
/// more, none slower than the per-request timeout, and no change to the catalog or the servers from any of them. CI runs
/// a fixed seed; <c>scripts/hostile-input.sh</c> runs the same test with another seed and count
/// (<c>HOSTILE_SEED</c>, <c>HOSTILE_COUNT</c>) and prints the table it writes to <c>HOSTILE_REPORT</c>.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiHost host, ITestOutputHelper output)
{
    private const int CiSeed = 15_2026;
    private const int CiCount = 2_400;

    [Fact]
    public async Task HostileRequests_OnEveryRoute_AreRefusedWithoutServerErrorsHangsOrStateChanges()
    {
        var seed = Setting("HOSTILE_SEED", CiSeed);
        var count = Setting("HOSTILE_COUNT", CiCount);
        var targets = await TenantResources.GetAsync(host);
        var projects = new[] { targets.Project, targets.OtherProject };
        var before = await ServiceState.CaptureAsync(host.Catalog, projects, host.ServerIds(), CancellationToken.None);

        var requests = new HostileRequestGenerator(seed, targets).Take(count);
        var outcomes = await HostileRunner.RunAsync(host.BaseAddress, requests, parallelism: 4, CancellationToken.None);

        var after = await ServiceState.CaptureAsync(host.Catalog, projects, host.ServerIds(), CancellationToken.None);
        var table = $"hostile input: seed {seed}, {count} requests\n{HostileRunner.Table(outcomes)}";
        output.WriteLine(table);
        if (Environment.GetEnvironmentVariable("HOSTILE_REPORT") is { Length: > 0 } report)
        {
            await File.WriteAllTextAsync(report, table);
        }

        // The worst first: server errors and hangs, then successes, then answers outside the error shape.
        var findings = outcomes.Where(outcome => outcome.Failure is not null).OrderBy(outcome => outcome.Failure!.Contains("shape", StringComparison.Ordinal)).ThenBy(outcome => outcome.Failure!.StartsWith("accepted", StringComparison.Ordinal)).ToList();
        Assert.True(findings.Count == 0, $"{findings.Count} findings, first ones:\n{string.Join("\n", findings.Take(40).Select(Describe))}\n{string.Join("\n", host.Logs.Where(line => line.Contains("failed unexpectedly", StringComparison.Ordinal)).Take(5))}");
        Assert.Equal(count, outcomes.Count);
        Assert.Empty(ServiceState.Differences(before, after));
        Assert.Contains(outcomes, outcome => outcome.Status == 400);
        Assert.Contains(outcomes, outcome => outcome.Status == 401);
        Assert.Contains(outcomes, outcome => outcome.Status == 403);
        Assert.Contains(outcomes, outcome => outcome.Status == 404);
        Assert.Contains(outcomes, outcome => outcome.Status == 413);
        Assert.DoesNotContain(host.Logs, line => line.Contains("Hostile-Pass", StringComparison.Ordinal) || line.Contains("Hostile-Root", StringComparison.Ordinal));
    }

    private static string Describe(HostileOutcome outcome) =>
        $"{outcome.Failure}: {outcome.Request.Method} {Shorten(outcome.Request.Path)} [{outcome.Request.Route}; {outcome.Request.Kind}] -> {Shorten(outcome.Body)}";

    private static string Shorten(string text) => text.Length > 200 ? $"{text[..200]}…" : text;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
