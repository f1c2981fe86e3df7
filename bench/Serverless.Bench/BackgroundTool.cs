using System.Diagnostics;

namespace Serverless.Bench;

/// <summary>A tool that runs until stopped, such as a sysbench write load, its output read and discarded.</summary>
internal sealed class BackgroundTool : IAsyncDisposable
{
    private readonly Process _process;

    private BackgroundTool(Process process) => _process = process;

    /// <summary>True once the tool has ended on its own or been stopped.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="invocation"/>; its secrets travel in its environment, as with <see cref="ToolProcess"/>.</summary>
    public static BackgroundTool Start(ToolInvocation invocation)
    {
        var start = new ProcessStartInfo(invocation.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in invocation.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in invocation.Environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new ToolFailedException($"Could not start {invocation.FileName}.");
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new BackgroundTool(process);
    }

    /// <summary>Kills the tool (SIGKILL) unless it has ended, and waits until it has.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
