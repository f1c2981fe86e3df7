using Serverless.Cli.Output;

namespace Serverless.Cli;

/// <summary>How one run of the CLI is wired: its writers, its environment, and its timings.</summary>
internal sealed record CliSettings(CliConsole Console, Func<string, string?> Environment, TimeSpan RequestTimeout, TimeSpan PollInterval);
