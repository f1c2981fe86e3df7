using System.CommandLine;

namespace Serverless.Cli.Commands;

/// <summary>
/// <c>dbaas promote|eject|detach|replica-resync &lt;id|name&gt; [--wait]</c>: the replica-set operations
/// (docs/replication.md). Each starts the operation, optionally follows it, and shows the instance.
/// </summary>
internal static class ReplicationCommands
{
    public static IEnumerable<Command> Build(GlobalOptions globals, CliSettings settings) =>
    [
        Build(globals, settings, "promote", "Promote a replica to source of its replica set (switchover; no acknowledged write is lost).",
            (client, id, ct) => client.InstanceActionAsync(id, "promote_to_replica_source", ct)),
        Build(globals, settings, "eject", "Replace a source that is down by its most advanced replica (failover); the old source is fenced.",
            (client, id, ct) => client.InstanceActionAsync(id, "eject_replica_source", ct)),
        Build(globals, settings, "detach", "Detach a replica from its source: it stops replicating and becomes a writable standalone instance.",
            (client, id, ct) => client.DetachInstanceAsync(id, ct)),
        Build(globals, settings, "replica-resync", "Rebuild a replica's data from a fresh snapshot of its source, keeping its id and address.",
            (client, id, ct) => client.InstanceActionAsync(id, "resync", ct)),
    ];

    private static Command Build(
        GlobalOptions globals, CliSettings settings, string name, string description, Func<Client.DbaasClient, string, CancellationToken, Task> start)
    {
        var instance = new Argument<string>("instance") { Description = "The instance id or name." };
        var wait = new Option<bool>("--wait") { Description = "Wait until the operation ends, showing each step." };
        var command = new Command(name, description) { instance, wait };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            var found = await context.Client.FindInstanceAsync(parse.GetValue(instance)!, cancellationToken);
            await start(context.Client, found.Id, cancellationToken);

            // The request answers 202 without a body; the instance names the operation it started.
            var changed = await context.Client.GetInstanceAsync(found.Id, cancellationToken);
            if (parse.GetValue(wait) && changed.OperationId is { } operationId && operationId != found.OperationId)
            {
                await context.Waiter.WaitAsync(operationId, cancellationToken);
                changed = await context.Client.GetInstanceAsync(found.Id, cancellationToken);
            }

            context.ShowInstance(changed);
        });
        return command;
    }
}
