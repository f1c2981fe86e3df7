using System.CommandLine;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary>The databases (schemas) of an instance: <c>db-create</c>, <c>db-list</c>, <c>db-delete</c>.</summary>
internal static class DatabaseCommands
{
    public static IEnumerable<Command> Build(GlobalOptions globals, CliSettings settings) =>
        [Create(globals, settings), List(globals, settings), Delete(globals, settings)];

    private static Command Create(GlobalOptions globals, CliSettings settings)
    {
        var instance = new Argument<string>("instance") { Description = "The instance id or name." };
        var name = new Argument<string>("name") { Description = "The database name." };
        var characterSet = new Option<string?>("--character-set") { Description = "Its default character set, e.g. utf8mb4; the server's default when left out." };
        var collation = new Option<string?>("--collate") { Description = "Its default collation, e.g. utf8mb4_unicode_ci." };
        var command = new Command("db-create", "Create a database on a running instance.") { instance, name, characterSet, collation };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            await context.Client.CreateDatabaseAsync(found.Id, parse.GetValue(name)!, parse.GetValue(characterSet), parse.GetValue(collation), cancellationToken);
            await context.SayAsync($"Created database {parse.GetValue(name)} on instance '{found.Name}'.");
        });
        return command;
    }

    private static Command List(GlobalOptions globals, CliSettings settings)
    {
        var instance = new Argument<string>("instance") { Description = "The instance id or name." };
        var command = new Command("db-list", "List the databases of an instance.") { instance };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            context.Show(await context.Client.ListDatabasesAsync(found.Id, cancellationToken), CliJsonContext.Default.IReadOnlyListDatabaseReference, ResourceViews.Databases);
        });
        return command;
    }

    private static Command Delete(GlobalOptions globals, CliSettings settings)
    {
        var instance = new Argument<string>("instance") { Description = "The instance id or name." };
        var name = new Argument<string>("name") { Description = "The database to delete, with everything in it." };
        var command = new Command("db-delete", "Delete a database and everything in it.") { instance, name };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            await context.Client.DeleteDatabaseAsync(found.Id, parse.GetValue(name)!, cancellationToken);
            await context.SayAsync($"Deleted database {parse.GetValue(name)} of instance '{found.Name}'.");
        });
        return command;
    }
}
