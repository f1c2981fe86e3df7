using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Serverless.Cli.Client;

namespace Serverless.Cli.Output;

/// <summary>Shows resources as tables, or as indented JSON with the API's snake_case names under <c>--json</c>: a resource as its object, a list as an array, without Trove's envelopes.</summary>
internal static class ResourceViews
{
    public static void Json<T>(CliConsole console, T value, JsonTypeInfo<T> typeInfo) =>
        console.Out.WriteLine(JsonSerializer.Serialize(value, typeInfo));

    public static void Instance(CliConsole console, InstanceResource instance)
    {
        var table = new TableOutput("Field", "Value")
            .Add("id", instance.Id)
            .Add("name", instance.Name)
            .Add("status", instance.Status)
            .Add("operating_status", instance.OperatingStatus)
            .Add("datastore", instance.Datastore?.Type)
            .Add("datastore_version", instance.Datastore?.Version)
            .Add("flavor", instance.Flavor?.Id)
            .Add("volume", instance.Volume is { } volume ? $"{volume.Size.ToString(CultureInfo.InvariantCulture)} GB" : null)
            .Add("volume_used", instance.Volume?.Used is { } used ? $"{used.ToString("0.##", CultureInfo.InvariantCulture)} GB" : null)
            .Add("hostname", instance.Hostname)
            .Add("port", instance.Port?.ToString(CultureInfo.InvariantCulture))
            .Add("created", instance.Created)
            .Add("updated", instance.Updated);
        if (instance.Fault is { } fault)
        {
            table.Add("fault", fault.Message);
        }

        // The replica set and its health (docs/replication.md): who this follows, who follows it, how far behind.
        if (instance.ReplicaOf is { } source)
        {
            table.Add("replica_of", $"{source.Name ?? source.Id} ({source.Id})");
        }

        if (instance.Replicas is { Count: > 0 } replicas)
        {
            table.Add("replicas", string.Join(", ", replicas.Select(r => $"{r.Name ?? r.Id} ({r.Id})")));
        }

        if (instance.Replication is { } replication)
        {
            table.Add("replication", $"{replication.Role}, {replication.State}")
                .Add("seconds_behind", replication.SecondsBehind?.ToString(CultureInfo.InvariantCulture))
                .Add("io_thread", replication.IoThread)
                .Add("sql_thread", replication.SqlThread)
                .Add("last_error", replication.LastError)
                .Add("applied_gtid", replication.AppliedGtid);
        }

        table.Add("operation_id", instance.OperationId).Write(console);
    }

    public static void Instances(CliConsole console, IReadOnlyList<InstanceResource> instances)
    {
        var table = new TableOutput("ID", "Name", "Datastore", "Version", "Status", "Flavor", "Size", "Host", "Port");
        foreach (var instance in instances)
        {
            table.Add(
                instance.Id,
                instance.Name,
                instance.Datastore?.Type,
                instance.Datastore?.Version,
                instance.Status,
                instance.Flavor?.Id,
                instance.Volume?.Size.ToString(CultureInfo.InvariantCulture),
                instance.Hostname,
                instance.Port?.ToString(CultureInfo.InvariantCulture));
        }

        table.Write(console);
    }

    /// <summary>Every key of the backup, with <c>datastore</c> split in three as the openstack client shows it.</summary>
    public static void Backup(CliConsole console, BackupResource backup) =>
        new TableOutput("Field", "Value")
            .Add("id", backup.Id)
            .Add("name", backup.Name)
            .Add("description", backup.Description)
            .Add("instance_id", backup.InstanceId)
            .Add("status", backup.Status)
            .Add("size", backup.Size is { } size ? $"{Gigabytes(size)} GB" : null)
            .Add("locationRef", backup.LocationRef)
            .Add("parent_id", backup.ParentId)
            .Add("kind", backup.Kind)
            .Add("chain_id", backup.ChainId)
            .Add("covered_from", backup.CoveredFrom)
            .Add("covered_to", backup.CoveredTo)
            .Add("datastore", backup.Datastore?.Type)
            .Add("datastore_version", backup.Datastore?.Version)
            .Add("datastore_version_id", backup.Datastore?.VersionId)
            .Add("project_id", backup.ProjectId)
            .Add("created", backup.Created)
            .Add("updated", backup.Updated)
            .Add("operation_id", backup.OperationId)
            .Write(console);

    /// <summary>
    /// The openstack client's backup list columns, with the size, each backup's chain and the window a point-in-time
    /// restore through it covers.
    /// </summary>
    public static void Backups(CliConsole console, IReadOnlyList<BackupResource> backups)
    {
        var table = new TableOutput("ID", "Instance ID", "Name", "Status", "Size (GB)", "Parent ID", "Chain", "Covered from", "Covered to", "Updated");
        foreach (var backup in backups)
        {
            table.Add(
                backup.Id,
                backup.InstanceId,
                backup.Name,
                backup.Status,
                backup.Size is { } size ? Gigabytes(size) : null,
                backup.ParentId,
                backup.ChainId,
                backup.CoveredFrom,
                backup.CoveredTo,
                backup.Updated);
        }

        table.Write(console);
    }

    public static void Flavors(CliConsole console, IReadOnlyList<FlavorResource> flavors)
    {
        var table = new TableOutput("ID", "Name", "RAM (MB)", "vCPUs", "Disk (GB)");
        foreach (var flavor in flavors)
        {
            table.Add(
                flavor.Key,
                flavor.Name,
                flavor.Ram.ToString(CultureInfo.InvariantCulture),
                flavor.Vcpus.ToString(CultureInfo.InvariantCulture),
                flavor.Disk.ToString(CultureInfo.InvariantCulture));
        }

        table.Write(console);
    }

    public static void Datastores(CliConsole console, IReadOnlyList<DatastoreResource> datastores)
    {
        var table = new TableOutput("ID", "Name", "Default version", "Versions");
        foreach (var datastore in datastores)
        {
            var versions = datastore.Versions.Where(version => version.Active != 0).Select(version => version.Name);
            var defaultVersion = datastore.Versions.FirstOrDefault(version => version.Id == datastore.DefaultVersion)?.Name ?? datastore.DefaultVersion;
            table.Add(datastore.Id, datastore.Name, defaultVersion, string.Join(", ", versions));
        }

        table.Write(console);
    }

    /// <summary>The openstack client's user list columns: the databases joined with ", ".</summary>
    public static void Users(CliConsole console, IReadOnlyList<UserResource> users)
    {
        var table = new TableOutput("Name", "Host", "Databases");
        foreach (var user in users)
        {
            table.Add(user.Name, user.Host, DatabaseNames(user));
        }

        table.Write(console);
    }

    public static void User(CliConsole console, UserResource user) =>
        new TableOutput("Field", "Value")
            .Add("name", user.Name)
            .Add("host", user.Host)
            .Add("databases", DatabaseNames(user))
            .Write(console);

    public static void Databases(CliConsole console, IReadOnlyList<DatabaseReference> databases)
    {
        var table = new TableOutput("Name");
        foreach (var database in databases)
        {
            table.Add(database.Name);
        }

        table.Write(console);
    }

    public static void Root(CliConsole console, RootResource root) =>
        new TableOutput("Field", "Value").Add("name", root.Name).Add("password", root.Password).Write(console);

    public static void RootStatus(CliConsole console, RootStatus status) =>
        new TableOutput("Field", "Value").Add("is_root_enabled", status.RootEnabled ? "True" : "False").Write(console);

    private static string DatabaseNames(UserResource user) => string.Join(", ", (user.Databases ?? []).Select(database => database.Name));

    // Backups of small instances are a few kB: six decimals keep them from showing as 0.
    private static string Gigabytes(double size) => size.ToString("0.######", CultureInfo.InvariantCulture);
}
