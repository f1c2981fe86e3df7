using System.CommandLine;

namespace Serverless.Cli.Commands;

/// <summary>
/// <c>dbaas env &lt;id|name&gt;</c>: the replica set's connection settings as <c>NAME=value</c> lines that a shell can
/// <c>eval</c> or an <c>.env</c> file can hold (the source for writes, the replicas for reads; no passwords).
/// </summary>
internal static class EnvCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var instance = new Argument<string>("instance") { Description = "The instance id or name (any member of the replica set)." };
        var command = new Command("env", "Print the connection settings of an instance's replica set as environment variables.") { instance };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            var connection = await context.Client.GetConnectionAsync(found.Id, cancellationToken);
            foreach (var (name, value) in (connection.Env ?? new Dictionary<string, string>()).OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                context.Console.Out.WriteLine($"{name}={value}");
            }
        });
        return command;
    }
}
