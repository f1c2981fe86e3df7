using System.Diagnostics;
using System.Text.RegularExpressions;
using Serverless.Durable.CrashHost;
using Serverless.Durable.Engine;
using Serverless.Storage.Documents;
using Serverless.Testing;
using Xunit;
using Xunit.Abstractions;

namespace Serverless.Durable.Tests;

/// <summary>
/// The engine runs <see cref="CrashWorkload"/> in a child process over Azurite and is SIGKILLed at random moments,
/// then started again, until the orchestrations complete.
/// </summary>
public sealed partial class CrashTests(AzuriteFixture fixture, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Kills = 30;

    [Fact]
    public async Task KilledAtRandomMoments_EveryOrchestrationCompletes_AndNoRecordedStepIsComputedAgain()
    {
        var store = await AzuriteStores.CreateAsync(fixture, "crash");
        var logPath = Path.Combine(Path.GetTempPath(), $"durable-crash-{Guid.NewGuid():N}.log");
        File.WriteAllText(logPath, "");
        var client = new DurableEngine(store, CrashWorkload.CreateRegistry(logPath)).Client;
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");

        var instances = new List<string>();
        var lives = new List<string[]>();
        var readLines = 0;
        var watch = Stopwatch.StartNew();
        instances.Add(await client.ScheduleNewOrchestrationInstanceAsync(CrashWorkload.OrchestratorName, CrashWorkload.StepCount));
        for (var kill = 0; kill < Kills; kill++)
        {
            if ((await client.GetInstanceAsync(instances[^1]))!.IsCompleted)
            {
                instances.Add(await client.ScheduleNewOrchestrationInstanceAsync(CrashWorkload.OrchestratorName, CrashWorkload.StepCount));
            }

            using var host = StartHost(store, logPath);
            await Task.Delay(random.Next(150, 1200));
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync();
            lives.Add(ReadNewLines(logPath, ref readLines));
        }

        using (var last = StartHost(store, logPath))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            foreach (var id in instances)
            {
                await client.WaitForInstanceCompletionAsync(id, cancellationToken: timeout.Token);
            }

            last.Kill(entireProcessTree: true);
            await last.WaitForExitAsync();
        }

        lives.Add(ReadNewLines(logPath, ref readLines));

        var computations = lives.SelectMany(l => l).Select(Parse).ToList();
        var recomputations = computations.Count - computations.Distinct().Count();
        output.WriteLine($"{Kills} kills, {instances.Count} instances, {computations.Count} step computations, {recomputations} recomputations, {watch.Elapsed.TotalSeconds:F1} s");

        var history = new InstanceStore(store, "", int.MaxValue);
        foreach (var id in instances)
        {
            var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, metadata!.RuntimeStatus);
            Assert.Equal(CrashWorkload.ExpectedOutput, metadata.ReadOutputAs<long>());

            // The final history holds each step scheduled once and completed once.
            var doc = (await history.ReadAsync(id, CancellationToken.None))!.Value.Document;
            var scheduled = doc.History.Where(e => e.Kind == HistoryEventKind.TaskScheduled).Select(e => int.Parse(e.Payload!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(1, CrashWorkload.StepCount), scheduled);
            var completed = doc.History.Where(e => e.Kind == HistoryEventKind.TaskCompleted).Select(e => e.TaskId).ToList();
            Assert.Equal(Enumerable.Range(0, CrashWorkload.StepCount), completed);

            // No step skipped: every step was computed at least once.
            Assert.Equal(Enumerable.Range(1, CrashWorkload.StepCount), computations.Where(c => c.Instance == id).Select(c => c.Step).Distinct().Order());
        }

        // A step is computed again only if it was the step in flight when its host was killed: its computation is the
        // last one of that instance in that life, and its result had not been recorded.
        var seen = new HashSet<(string Instance, int Step)>();
        for (var life = lives.Count - 1; life >= 0; life--)
        {
            var steps = lives[life].Select(Parse).ToList();
            for (var i = steps.Count - 1; i >= 0; i--)
            {
                var isLastOfInstanceInLife = !steps.Skip(i + 1).Any(s => s.Instance == steps[i].Instance);
                if (!seen.Add(steps[i]))
                {
                    Assert.True(isLastOfInstanceInLife && life < lives.Count - 1, $"{steps[i]} was computed again although its result was recorded (life {life}).");
                }
            }
        }

        Assert.True(recomputations <= Kills, $"{recomputations} recomputations for {Kills} kills");
        File.Delete(logPath);
    }

    private Process StartHost(BlobDocumentStore store, string logPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Serverless.Durable.CrashHost.dll"));
        start.ArgumentList.Add(fixture.ConnectionString);
        start.ArgumentList.Add(store.Container.Name);
        start.ArgumentList.Add(logPath);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string[] ReadNewLines(string path, ref int alreadyRead)
    {
        var lines = File.ReadAllLines(path).Where(l => StepLine().IsMatch(l)).ToArray();
        var fresh = lines[alreadyRead..];
        alreadyRead = lines.Length;
        return fresh;
    }

    private static (string Instance, int Step) Parse(string line)
    {
        var match = StepLine().Match(line);
        return (match.Groups[1].Value, int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"^(\S+) step (\d+) computed$")]
    private static partial Regex StepLine();
}
