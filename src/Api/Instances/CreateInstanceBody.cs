using System.Globalization;
using System.Text.Json;
using Serverless.Api.Errors;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Instances;
using Serverless.Orchestrations.Replication;

namespace Serverless.Api.Instances;

/// <summary>
/// Turns a Trove create body (trove-api.md §7, instance create) into a <see cref="CreateInstanceRequest"/>.
/// Accepts everything the two CLIs send, ignores what has no meaning here (availability zone, nics, volume type,
/// access, region), refuses what is not built yet (modules, locality) with 501, and refuses any
/// other field with 400 naming it. <c>restorePoint.backupRef</c> names the backup to restore from;
/// <c>replica_of</c> (with <c>replica_count</c>) creates replicas, whose flavor and volume are optional.
/// </summary>
internal static class CreateInstanceBody
{
    private static readonly string[] EnvelopeFields = ["instance"];

    private static readonly string[] InstanceFields =
    [
        "name", "flavorRef", "volume", "databases", "users", "restorePoint", "availability_zone", "datastore", "nics",
        "configuration", "replica_of", "replica_count", "modules", "locality", "region_name", "access", "replicate_from",
    ];

    private static readonly string[] NotYetSupported = ["locality"];

    public static CreateInstanceRequest Parse(JsonElement body)
    {
        JsonBody.OnlyKnownFields(body, string.Empty, EnvelopeFields);
        var instance = JsonBody.RequiredObject(body, string.Empty, "instance");
        const string path = "instance";
        JsonBody.OnlyKnownFields(instance, path, InstanceFields);
        foreach (var field in NotYetSupported)
        {
            if (JsonBody.Optional(instance, field) is not null)
            {
                throw TroveRequestException.NotImplemented($"'{path}.{field}' is not supported by this service yet; create the instance without it.");
            }
        }

        if (JsonBody.OptionalArray(instance, path, "modules").Any())
        {
            throw TroveRequestException.NotImplemented($"'{path}.modules' is not supported by this service yet; create the instance without modules.");
        }

        var name = JsonBody.RequiredString(instance, path, "name");

        // A replica takes its source's flavor and volume unless the request names them (openstack sends neither).
        var replicaOf = NullIfEmpty(JsonBody.OptionalString(instance, path, "replica_of"));
        var flavorRef = replicaOf is not null && JsonBody.Optional(instance, "flavorRef") is null ? string.Empty : FlavorRef(instance, path);
        var volume = JsonBody.OptionalObject(instance, path, "volume");
        if (volume is null && replicaOf is null)
        {
            throw TroveRequestException.BadRequest($"'{path}.volume' is required: send {{\"size\": <GB>}} (openstack: --size).");
        }

        var size = 0;
        if (volume is { } volumeObject)
        {
            JsonBody.OnlyKnownFields(volumeObject, $"{path}.volume", "size", "type");
            size = JsonBody.RequiredInteger(volumeObject, $"{path}.volume", "size");
        }

        var replicaCount = JsonBody.Optional(instance, "replica_count") is null ? 1 : JsonBody.RequiredInteger(instance, path, "replica_count");
        if (replicaOf is null && JsonBody.Optional(instance, "replica_count") is not null)
        {
            throw TroveRequestException.BadRequest($"'{path}.replica_count' needs '{path}.replica_of': name the instance to replicate.");
        }

        string? datastoreType = null;
        string? datastoreVersion = null;
        if (JsonBody.OptionalObject(instance, path, "datastore") is { } datastore)
        {
            JsonBody.OnlyKnownFields(datastore, $"{path}.datastore", "type", "version", "version_number");
            datastoreType = NullIfEmpty(JsonBody.OptionalString(datastore, $"{path}.datastore", "type"));
            datastoreVersion = NullIfEmpty(JsonBody.OptionalString(datastore, $"{path}.datastore", "version"));
        }

        var databases = new List<string>();
        var index = 0;
        foreach (var database in JsonBody.OptionalArray(instance, path, "databases"))
        {
            var itemPath = $"{path}.databases[{index++}]";
            databases.Add(DatabaseName(database, itemPath, "character_set", "collate"));
        }

        var users = new List<CreateUserRequest>();
        index = 0;
        foreach (var user in JsonBody.OptionalArray(instance, path, "users"))
        {
            users.Add(User(user, $"{path}.users[{index++}]"));
        }

        var request = new CreateInstanceRequest(name, flavorRef, size, datastoreType, datastoreVersion, databases, users)
        {
            Access = Access(instance, path),
            Configuration = NullIfEmpty(JsonBody.OptionalString(instance, path, "configuration")),
            ReplicaOf = replicaOf,
            ReplicaCount = replicaCount,
            ReplicateFrom = JsonBody.OptionalObject(instance, path, "replicate_from") is { } external ? ExternalSource(external, $"{path}.replicate_from") : null,
        };
        return JsonBody.OptionalObject(instance, path, "restorePoint") is { } restorePoint ? WithRestorePoint(request, restorePoint, $"{path}.restorePoint") : request;
    }

    // Ours: {"host", "port" (3306), "user", "password", "databases": ["db1", …] (or [{"name": "db1"}, …]), "ca": PEM}.
    private static ExternalSourceRequest ExternalSource(JsonElement source, string path)
    {
        JsonBody.OnlyKnownFields(source, path, "host", "port", "user", "password", "databases", "ca");
        var port = JsonBody.Optional(source, "port") is null ? 3306 : JsonBody.RequiredInteger(source, path, "port");
        var databases = new List<string>();
        var index = 0;
        foreach (var database in JsonBody.OptionalArray(source, path, "databases"))
        {
            var itemPath = $"{path}.databases[{index++}]";
            databases.Add(database.ValueKind == JsonValueKind.String ? database.GetString() ?? string.Empty : DatabaseName(database, itemPath));
        }

        var request = new ExternalSourceRequest(
            JsonBody.RequiredString(source, path, "host"),
            port,
            JsonBody.RequiredString(source, path, "user"),
            JsonBody.RequiredString(source, path, "password"),
            databases,
            NullIfEmpty(JsonBody.OptionalString(source, path, "ca")));
        try
        {
            ReplicationService.ValidateExternalSource(request);
        }
        catch (CatalogValidationException ex)
        {
            throw TroveRequestException.BadRequest(ex.Message.Replace("replicate_from", path, StringComparison.Ordinal));
        }

        return request;
    }

    private static InstanceAccess? Access(JsonElement instance, string path)
    {
        if (JsonBody.Optional(instance, "access") is not { } access)
        {
            return null;
        }

        var (isPublic, cidrs) = InstanceAccessBody.Parse(access, $"{path}.access");
        return new InstanceAccess(isPublic ?? false, cidrs ?? []);
    }

    // Both CLIs send {"backupRef": "<backup id>"}, the id already resolved from a name (trove-api.md §7). Ours besides:
    // "restore_time" (ISO 8601, UTC unless an offset is given; whole seconds) or "restore_gtid" for a point in time.
    private static CreateInstanceRequest WithRestorePoint(CreateInstanceRequest request, JsonElement restorePoint, string path)
    {
        JsonBody.OnlyKnownFields(restorePoint, path, "backupRef", "restore_time", "restore_gtid");
        DateTimeOffset? time = null;
        if (JsonBody.OptionalString(restorePoint, path, "restore_time") is { Length: > 0 } text)
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                throw TroveRequestException.BadRequest($"'{path}.restore_time' must be a time such as 2026-12-07T10:11:12Z, not '{text}'.");
            }

            time = DateTimeOffset.FromUnixTimeSeconds(parsed.ToUnixTimeSeconds());
        }

        return request with
        {
            BackupId = JsonBody.RequiredString(restorePoint, path, "backupRef"),
            RestoreTime = time,
            RestoreGtid = NullIfEmpty(JsonBody.OptionalString(restorePoint, path, "restore_gtid")),
        };
    }

    // openstack sends the integer id, legacy trove may send a string, older clients an href: keep its last segment.
    private static string FlavorRef(JsonElement instance, string path)
    {
        var value = JsonBody.Optional(instance, "flavorRef")
            ?? throw TroveRequestException.BadRequest($"'{path}.flavorRef' is required: send the flavor id (see GET /flavors).");
        var text = value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String => value.GetString() ?? string.Empty,
            _ => throw TroveRequestException.BadRequest($"'{path}.flavorRef' must be a flavor id (a number or a string)."),
        };
        var lastSegment = text.TrimEnd('/').Split('/')[^1];
        return lastSegment.Length > 0
            ? lastSegment
            : throw TroveRequestException.BadRequest($"'{path}.flavorRef' is empty: send the flavor id (see GET /flavors).");
    }

    /// <summary>Reads one Trove user object: name, password, host and databases.</summary>
    internal static CreateUserRequest User(JsonElement user, string path)
    {
        if (user.ValueKind != JsonValueKind.Object)
        {
            throw TroveRequestException.BadRequest($"'{path}' must be an object with name, password, host and databases.");
        }

        JsonBody.OnlyKnownFields(user, path, "name", "password", "host", "databases");
        var name = JsonBody.RequiredString(user, path, "name");
        var password = JsonBody.RequiredString(user, path, "password");
        var host = JsonBody.OptionalString(user, path, "host") ?? string.Empty;
        var databases = new List<string>();
        var index = 0;
        foreach (var database in JsonBody.OptionalArray(user, path, "databases"))
        {
            databases.Add(DatabaseName(database, $"{path}.databases[{index++}]"));
        }

        return new CreateUserRequest(name, password, host, databases);
    }

    /// <summary>Reads the name of one Trove database object, <c>{"name": …}</c>, refusing fields other than <paramref name="ignoredFields"/>.</summary>
    internal static string DatabaseName(JsonElement database, string path, params string[] ignoredFields)
    {
        if (database.ValueKind != JsonValueKind.Object)
        {
            throw TroveRequestException.BadRequest($"'{path}' must be an object such as {{\"name\": \"db1\"}}.");
        }

        JsonBody.OnlyKnownFields(database, path, ["name", .. ignoredFields]);
        return JsonBody.RequiredString(database, path, "name");
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
