namespace Serverless.Bench;

/// <summary>
/// A command-line tool to run to completion (sysbench, the mariadb client, later mariadb-dump or
/// mydumper). Secrets go in <see cref="Environment"/> (e.g. <c>MYSQL_PWD</c>) or, where the tool has
/// no other way, in <see cref="Arguments"/>; neither is ever printed.
/// </summary>
/// <param name="FileName">The executable, looked up on PATH.</param>
/// <param name="Arguments">Arguments, passed as they are (no shell quoting).</param>
internal sealed record ToolInvocation(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables added to the child's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Send standard output to /dev/null instead of capturing it, so a tool that writes a lot runs at
    /// full speed and this process spends no CPU reading it.
    /// </summary>
    public bool DiscardOutput { get; init; }
}
