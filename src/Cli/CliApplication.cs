using System.CommandLine;
using System.CommandLine.Help;
using Serverless.Cli.Commands;
using Serverless.Cli.Output;

namespace Serverless.Cli;

/// <summary>
/// The <c>dbaas</c> command line: parses arguments, runs one command against the Trove v1.0 API, and returns its
/// exit code (<see cref="ExitCodes"/>). Runs in-process for tests: nothing here touches <see cref="Console"/>
/// except through the writers it is given.
/// </summary>
public static class CliApplication
{
    private static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultPollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Runs the CLI with the process environment.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        RunAsync(args, output, error, Environment.GetEnvironmentVariable, cancellationToken);

    /// <summary>Runs the CLI, reading <c>DBAAS_ENDPOINT</c> and <c>DBAAS_TOKEN</c> through <paramref name="environment"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var settings = new CliSettings(new CliConsole(output, error), environment, DefaultRequestTimeout, DefaultPollInterval);
        var globals = new GlobalOptions();
        var root = new RootCommand("dbaas: create and manage database instances through the Trove v1.0 API.")
        {
            globals.Endpoint,
            globals.Token,
            globals.Json,
        };
        root.Subcommands.Add(CreateCommand.Build(globals, settings));
        root.Subcommands.Add(ListCommand.Build(globals, settings));
        root.Subcommands.Add(ShowCommand.Build(globals, settings));
        root.Subcommands.Add(DeleteCommand.Build(globals, settings));
        root.Subcommands.Add(RestartCommand.Build(globals, settings));
        root.Subcommands.Add(EnvCommand.Build(globals, settings));
        foreach (var replication in ReplicationCommands.Build(globals, settings))
        {
            root.Subcommands.Add(replication);
        }

        root.Subcommands.Add(BackupCreateCommand.Build(globals, settings));
        root.Subcommands.Add(BackupListCommand.Build(globals, settings));
        root.Subcommands.Add(BackupShowCommand.Build(globals, settings));
        root.Subcommands.Add(BackupDeleteCommand.Build(globals, settings));
        root.Subcommands.Add(ScheduleCreateCommand.Build(globals, settings));
        root.Subcommands.Add(ScheduleListCommand.Build(globals, settings));
        root.Subcommands.Add(ScheduleShowCommand.Build(globals, settings));
        root.Subcommands.Add(ScheduleDeleteCommand.Build(globals, settings));
        root.Subcommands.Add(ScheduleExecutionListCommand.Build(globals, settings));
        root.Subcommands.Add(FlavorListCommand.Build(globals, settings));
        root.Subcommands.Add(DatastoreListCommand.Build(globals, settings));
        foreach (var change in InstanceChangeCommands.Build(globals, settings))
        {
            root.Subcommands.Add(change);
        }

        foreach (var command in (IEnumerable<Command>)[.. UserCommands.Build(globals, settings), .. DatabaseCommands.Build(globals, settings), .. RootCommands.Build(globals, settings), .. ConfigurationCommands.Build(globals, settings)])
        {
            root.Subcommands.Add(command);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            await error.WriteLineAsync($"dbaas: {parse.Errors[0].Message} (see 'dbaas --help')");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
    }
}
