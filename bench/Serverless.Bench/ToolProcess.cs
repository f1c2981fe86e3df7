using System.ComponentModel;
using System.Diagnostics;

namespace Serverless.Bench;

/// <summary>Runs a <see cref="ToolInvocation"/> and times it.</summary>
internal static class ToolProcess
{
    private const int ErrorTailLines = 20;

    /// <summary>Runs the tool to its exit; cancelling kills it.</summary>
    /// <exception cref="ToolFailedException">The tool is missing or exited with a non-zero code.</exception>
    public static async Task<ToolResult> RunAsync(ToolInvocation invocation, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = !invocation.DiscardOutput,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        if (invocation.DiscardOutput)
        {
            // Process cannot hand a child a file as stdout, so a shell opens /dev/null and execs the tool
            // in its own place; the tool's arguments travel as positional parameters, never re-parsed.
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec \"$0\" \"$@\" >/dev/null");
            start.ArgumentList.Add(invocation.FileName);
        }
        else
        {
            start.FileName = invocation.FileName;
        }

        foreach (var argument in invocation.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in invocation.Environment)
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ToolFailedException($"Could not start {invocation.FileName} ({ex.Message}); is it installed? scripts/install.sh installs the benchmark tools.");
        }

        var output = invocation.DiscardOutput ? Task.FromResult(string.Empty) : process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var elapsed = stopwatch.Elapsed;
        var result = new ToolResult(elapsed, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        if (process.ExitCode != 0)
        {
            var tail = string.Join('\n', (result.Error + "\n" + result.Output).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(ErrorTailLines));
            throw new ToolFailedException($"{invocation.FileName} exited with code {process.ExitCode}:\n{tail}");
        }

        return result;
    }
}
