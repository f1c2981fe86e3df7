using System.Diagnostics;

namespace Serverless.Durable.Tests;

/// <summary>The test worker (tests/Serverless.Durable.TestWorker) as a separate process, to be SIGKILLed.</summary>
internal sealed class TestWorkerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private TestWorkerProcess(Process process) => _process = process;

    public static async Task<TestWorkerProcess> StartAsync(string connectionString, string taskHub)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var startInfo = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Serverless.Durable.TestWorker.dll"));
        startInfo.ArgumentList.Add(connectionString);
        startInfo.ArgumentList.Add(taskHub);
        var process = Process.Start(startInfo)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
        if (line != "ready")
        {
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            throw new InvalidOperationException($"The test worker did not start: {line} {error}");
        }

        return new TestWorkerProcess(process);
    }

    /// <summary>Kills the worker at once (SIGKILL), as a crash would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}
