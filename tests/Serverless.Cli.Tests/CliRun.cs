using Serverless.Testing;

namespace Serverless.Cli.Tests;

/// <summary>The outcome of one in-process <c>dbaas</c> run: its exit code and everything it wrote.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>The project the CLI tests work in, so that the API tests' projects never see their instances.</summary>
    public const string Project = "cli";
    public const string Token = "token-cli-8912";

    /// <summary>Runs <c>dbaas</c> against the host's <see cref="Project"/> with its token, unless the arguments say otherwise.</summary>
    public static Task<CliRun> AgainstAsync(ApiHost host, params string[] args)
    {
        host.AddProject(Project, Token);
        return RunAsync(["--endpoint", Endpoint(host), "--token", Token, .. args]);
    }

    public static string Endpoint(ApiHost host) => new Uri(host.BaseAddress, $"/v1.0/{Project}").ToString();

    public static async Task<CliRun> RunAsync(string[] args, Func<string, string?>? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var code = await CliApplication.RunAsync(args, output, error, environment ?? (_ => null), timeout.Token);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>The value of one row of a Field/Value table on stdout, e.g. <c>Field("id")</c>.</summary>
    public string Field(string name)
    {
        var line = Out.Split('\n').Single(line => line.StartsWith(name + " ", StringComparison.Ordinal));
        return line[name.Length..].Trim();
    }

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";
}
