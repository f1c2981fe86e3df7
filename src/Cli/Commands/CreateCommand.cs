using System.CommandLine;
using Serverless.Cli.Client;

namespace Serverless.Cli.Commands;

/// <summary>
/// <c>dbaas create &lt;name&gt; --flavor &lt;id|name&gt; --size &lt;GB&gt; [--backup &lt;id|name&gt;] …</c>: creates an
/// instance, optionally restored from a backup, optionally waiting for it.
/// </summary>
internal static class CreateCommand
{
    public static Command Build(GlobalOptions globals, CliSettings settings)
    {
        var name = new Argument<string>("name") { Description = "The instance name, unique in the project." };
        var flavor = new Option<string?>("--flavor") { Description = "The flavor id or name (see flavor-list); a replica defaults to its source's." };
        var size = new Option<int?>("--size") { Description = "The volume size in GB; a replica defaults to its source's." };
        var replicaOf = new Option<string?>("--replica-of") { Description = "The id or name of the instance to replicate: the new instance is a read-only replica of it." };
        var datastore = new Option<string?>("--datastore") { Description = "The datastore type, e.g. mysql (default: the service's)." };
        var version = new Option<string?>("--datastore-version") { Description = "The datastore version, e.g. 10.11 (default: the datastore's)." };
        var databases = new Option<string[]>("--database") { Description = "A database to create; repeat for more." };
        var users = new Option<string[]>("--user") { Description = $"A user to create, {UserSpec.Syntax} (no databases: all --database ones); repeat for more." };
        var backup = new Option<string?>("--backup") { Description = "The id or name of a backup to restore into the new instance." };
        var restoreTime = new Option<string?>("--restore-time") { Description = "With --backup: restore the backup's chain as it was at this moment (e.g. 2026-12-07T10:11:12Z)." };
        var restoreGtid = new Option<string?>("--restore-gtid") { Description = "With --backup: restore the backup's chain up to and including this GTID (e.g. 0-1-42)." };
        var replicateFrom = new Option<string?>("--replicate-from")
        {
            Description = $"Migrate from a MariaDB server outside the service, {ExternalSourceSpec.Syntax}: copied by snapshot, then replicated until 'dbaas detach' cuts over.",
        };
        var sourcePasswordFile = new Option<string?>("--source-password-file")
        {
            Description = $"With --replicate-from: a file whose first line is the source account's password (else {ExternalSourceSpec.PasswordVariable}, else a prompt).",
        };
        var wait = new Option<bool>("--wait") { Description = "Wait until the instance is ACTIVE, showing each step." };
        var command = new Command("create", "Create a database instance.") { name, flavor, size, datastore, version, databases, users, backup, restoreTime, restoreGtid, replicaOf, replicateFrom, sourcePasswordFile, wait };
        CommandAction.Set(command, globals, settings, async (parse, context, cancellationToken) =>
        {
            if (parse.GetValue(replicateFrom) is not null
                && (parse.GetValue(replicaOf) is not null || parse.GetValue(backup) is not null || parse.GetValue(databases) is { Length: > 0 } || parse.GetValue(users) is { Length: > 0 }))
            {
                throw new CliUsageException("--replicate-from copies the source's databases: leave out --replica-of, --backup, --database and --user (create users after the cut-over).");
            }

            if (parse.GetValue(replicateFrom) is null && parse.GetValue(sourcePasswordFile) is not null)
            {
                throw new CliUsageException("--source-password-file goes with --replicate-from.");
            }

            var external = parse.GetValue(replicateFrom) is { } from
                ? await ExternalSourceSpec.ParseAsync(from, parse.GetValue(sourcePasswordFile), settings, cancellationToken)
                : null;
            var sourceId = parse.GetValue(replicaOf) is { } source ? (await context.Client.FindInstanceAsync(source, cancellationToken)).Id : null;
            if (sourceId is null && (parse.GetValue(flavor) is null || parse.GetValue(size) is null))
            {
                throw new CliUsageException("--flavor and --size are required (unless --replica-of names the instance to copy).");
            }

            var sizeGigabytes = parse.GetValue(size) ?? 0;
            if (parse.GetValue(size) is <= 0)
            {
                throw new CliUsageException("--size must be a positive number of GB.");
            }

            // As the openstack client does, a user that names no databases gets every database of the request.
            var requestDatabases = parse.GetValue(databases) ?? [];
            var newUsers = (parse.GetValue(users) ?? [])
                .Select(UserSpec.Parse)
                .Select(user => user.Databases.Count == 0 ? user with { Databases = requestDatabases } : user)
                .ToList();
            if (parse.GetValue(backup) is null && (parse.GetValue(restoreTime) is not null || parse.GetValue(restoreGtid) is not null))
            {
                throw new CliUsageException("--restore-time and --restore-gtid need --backup: the backup whose chain to restore.");
            }

            var flavorId = parse.GetValue(flavor) is { } flavorRef ? await ResolveFlavorAsync(context.Client, flavorRef, cancellationToken) : null;
            var backupId = parse.GetValue(backup) is { } backupIdOrName
                ? (await context.Client.FindBackupAsync(backupIdOrName, cancellationToken)).Id
                : null;
            var created = await context.Client.CreateInstanceAsync(
                new NewInstance(parse.GetValue(name)!, flavorId, sizeGigabytes, parse.GetValue(datastore), parse.GetValue(version), requestDatabases, newUsers, backupId)
                {
                    ReplicaOf = sourceId,
                    ReplicateFrom = external,
                    RestoreTime = parse.GetValue(restoreTime),
                    RestoreGtid = parse.GetValue(restoreGtid),
                },
                cancellationToken);
            if (parse.GetValue(wait))
            {
                if (created.OperationId is not { } operationId)
                {
                    throw new DbaasApiException(502, $"the service did not name the create operation of instance {created.Id}; run 'dbaas show {created.Id}' to follow it.");
                }

                await context.Waiter.WaitAsync(operationId, cancellationToken);
                created = await context.Client.GetInstanceAsync(created.Id, cancellationToken);
            }

            context.ShowInstance(created);
        });
        return command;
    }

    private static async Task<string> ResolveFlavorAsync(DbaasClient client, string idOrName, CancellationToken cancellationToken)
    {
        var flavors = await client.ListFlavorsAsync(cancellationToken);
        var match = flavors.FirstOrDefault(flavor => string.Equals(flavor.Key, idOrName, StringComparison.Ordinal))
            ?? flavors.FirstOrDefault(flavor => string.Equals(flavor.Name, idOrName, StringComparison.OrdinalIgnoreCase));
        return match?.Key ?? throw new DbaasApiException(404, $"No flavor with an ID or name of '{idOrName}' exists; see 'dbaas flavor-list'.");
    }
}
