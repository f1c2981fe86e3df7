using System.CommandLine;
using Serverless.Cli.Client;
using Serverless.Cli.Output;

namespace Serverless.Cli.Commands;

/// <summary>
/// The users of an instance, named as the legacy <c>trove</c> client names them: <c>user-create</c>, <c>user-list</c>,
/// <c>user-show</c>, <c>user-delete</c>, <c>user-grant-access</c>, <c>user-revoke-access</c>, <c>user-show-access</c>.
/// A user is a name and a host (<c>--host</c>, any host <c>%</c> when left out).
/// </summary>
internal static class UserCommands
{
    public static IEnumerable<Command> Build(GlobalOptions globals, CliSettings settings) =>
    [
        Create(globals, settings),
        List(globals, settings),
        Show(globals, settings),
        Delete(globals, settings),
        Grant(globals, settings),
        Revoke(globals, settings),
        ShowAccess(globals, settings),
    ];

    private static Argument<string> InstanceArgument() => new("instance") { Description = "The instance id or name." };

    private static Argument<string> NameArgument() => new("name") { Description = "The user name." };

    private static Option<string?> HostOption() => new("--host") { Description = "The host the user connects from (a name, an IP address or a pattern with %); any host when left out." };

    private static Command Create(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var name = NameArgument();
        var password = new Argument<string>("password") { Description = "The user's password; kept by the server only." };
        var host = HostOption();
        var databases = new Option<string[]>("--databases") { Description = "Existing databases the user gets all privileges on.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("user-create", "Create a user on a running instance.") { instance, name, password, host, databases };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            var user = new NewUser(parse.GetValue(name)!, parse.GetValue(password)!, parse.GetValue(host) ?? string.Empty, parse.GetValue(databases) ?? []);
            await context.Client.CreateUserAsync(found.Id, user, cancellationToken);
            await context.SayAsync($"Created user {user} on instance '{found.Name}'.");
        });
        return command;
    }

    private static Command List(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var command = new Command("user-list", "List the users of an instance.") { instance };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            context.Show(await context.Client.ListUsersAsync(found.Id, cancellationToken), CliJsonContext.Default.IReadOnlyListUserResource, ResourceViews.Users);
        });
        return command;
    }

    private static Command Show(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var name = NameArgument();
        var host = HostOption();
        var command = new Command("user-show", "Show a user of an instance and the databases it may use.") { instance, name, host };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            var user = await context.Client.GetUserAsync(found.Id, parse.GetValue(name)!, parse.GetValue(host), cancellationToken);
            context.Show(user, CliJsonContext.Default.UserResource, ResourceViews.User);
        });
        return command;
    }

    private static Command Delete(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var name = NameArgument();
        var host = HostOption();
        var command = new Command("user-delete", "Delete a user of an instance.") { instance, name, host };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            await context.Client.DeleteUserAsync(found.Id, parse.GetValue(name)!, parse.GetValue(host), cancellationToken);
            await context.SayAsync($"Deleted user {parse.GetValue(name)}@{parse.GetValue(host) ?? "%"} of instance '{found.Name}'.");
        });
        return command;
    }

    private static Command Grant(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var name = NameArgument();
        var databases = new Argument<string[]>("databases") { Description = "The databases to grant all privileges on.", Arity = ArgumentArity.OneOrMore };
        var host = HostOption();
        var command = new Command("user-grant-access", "Grant a user all privileges on databases.") { instance, name, databases, host };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            await context.Client.GrantUserAccessAsync(found.Id, parse.GetValue(name)!, parse.GetValue(host), parse.GetValue(databases)!, cancellationToken);
            await context.SayAsync($"Granted {parse.GetValue(name)} access to {string.Join(", ", parse.GetValue(databases)!)}.");
        });
        return command;
    }

    private static Command Revoke(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var name = NameArgument();
        var database = new Argument<string>("database") { Description = "The database." };
        var host = HostOption();
        var command = new Command("user-revoke-access", "Revoke a user's privileges on one database.") { instance, name, database, host };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            await context.Client.RevokeUserAccessAsync(found.Id, parse.GetValue(name)!, parse.GetValue(host), parse.GetValue(database)!, cancellationToken);
            await context.SayAsync($"Revoked {parse.GetValue(name)}'s access to {parse.GetValue(database)}.");
        });
        return command;
    }

    private static Command ShowAccess(GlobalOptions globals, CliSettings settings)
    {
        var instance = InstanceArgument();
        var name = NameArgument();
        var host = HostOption();
        var command = new Command("user-show-access", "List the databases a user may use.") { instance, name, host };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            var databases = await context.Client.ListUserAccessAsync(found.Id, parse.GetValue(name)!, parse.GetValue(host), cancellationToken);
            context.Show(databases, CliJsonContext.Default.IReadOnlyListDatabaseReference, ResourceViews.Databases);
        });
        return command;
    }
}
