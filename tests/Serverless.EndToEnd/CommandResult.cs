namespace Serverless.EndToEnd;

/// <summary>What a command-line client printed and how it exited.</summary>
public sealed record CommandResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Throws with everything the command printed unless it exited with 0.</summary>
    public CommandResult EnsureSuccess() =>
        ExitCode == 0
            ? this
            : throw new InvalidOperationException($"`{Command}` exited with {ExitCode}.\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}");
}
