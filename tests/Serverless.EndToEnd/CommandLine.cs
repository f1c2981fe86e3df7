using System.Diagnostics;

namespace Serverless.EndToEnd;

/// <summary>Runs the real command-line clients (openstack, trove, mariadb) as a user would.</summary>
public static class CommandLine
{
    public static async Task<CommandResult> RunAsync(
        string program,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The clients must see only what the test gives them, never a developer's own cloud settings.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OS_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{Describe(program, arguments)}` did not finish within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds:0} s.");
        }

        return new CommandResult(Describe(program, arguments), process.ExitCode, await output, await error);
    }

    // The command line as a failure message shows it: the values of secret options masked.
    private static string Describe(string program, IReadOnlyList<string> arguments) =>
        string.Join(' ', [program, .. arguments.Select((a, i) => i > 0 && arguments[i - 1] is "--os-token" or "--os-password" ? "***" : a)]);
}
