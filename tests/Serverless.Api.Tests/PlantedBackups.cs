using System.Text.Json.Nodes;
using Serverless.Testing;

namespace Serverless.Api.Tests;

/// <summary>
/// Backups written straight into the host's catalog, for states the API cannot reach quickly: a backup that others
/// build on (without taking incremental backups), one whose data outgrows any volume, a failed one.
/// </summary>
/// <remarks>
/// A planted backup is a copy of a real one's catalog document (<c>projects/{project}/backups/{id}</c>,
/// <c>{"backup": {…camelCase view…}, "deleting": false}</c>) with a new id and the given changes, so it depends on
/// no more of the document's shape than the fields a test changes.
/// </remarks>
internal static class PlantedBackups
{
    public static async Task<string> CopyAsync(ApiHost host, string project, string backupId, Action<JsonObject> change)
    {
        var catalog = host.Catalog;
        var original = await catalog.GetAsync(Key(project, backupId))
            ?? throw new InvalidOperationException($"Backup {backupId} of project {project} is not in the catalog.");
        var document = JsonNode.Parse(original.Value.ToString())!.AsObject();
        var backup = document["backup"]!.AsObject();
        var id = Guid.NewGuid().ToString("D");
        backup["id"] = id;
        change(backup);
        await catalog.CreateAsync(Key(project, id), BinaryData.FromString(document.ToJsonString()));
        return id;
    }

    private static string Key(string project, string backupId) => $"projects/{project}/backups/{backupId}";
}
