using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Serverless.Cli.Client;

/// <summary>
/// Talks to one project's Trove v1.0 endpoint (<c>…/v1.0/{project_id}</c>). Refusals become
/// <see cref="DbaasApiException"/> with the API's message; no answer at all becomes
/// <see cref="EndpointUnreachableException"/>. The token goes in <c>X-Auth-Token</c> and in no message.
/// </summary>
internal sealed partial class DbaasClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _endpointForMessages;
    private readonly string? _token;

    public DbaasClient(Uri endpoint, string? token, TimeSpan timeout)
    {
        var root = endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
        _http = new HttpClient { BaseAddress = root, Timeout = timeout };
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _token = string.IsNullOrEmpty(token) ? null : token;
        if (_token is not null)
        {
            _http.DefaultRequestHeaders.Add("X-Auth-Token", _token);
        }

        // User info in a URL would be a credential: messages show scheme, host, port and path only.
        _endpointForMessages = endpoint.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped);
    }

    public async Task<IReadOnlyList<FlavorResource>> ListFlavorsAsync(CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, "flavors", null, CliJsonContext.Default.FlavorListEnvelope, cancellationToken))!.Flavors;

    public async Task<IReadOnlyList<DatastoreResource>> ListDatastoresAsync(CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, "datastores", null, CliJsonContext.Default.DatastoreListEnvelope, cancellationToken))!.Datastores;

    /// <summary>Lists every instance of the project, following Trove's marker pages.</summary>
    public Task<IReadOnlyList<InstanceResource>> ListInstancesAsync(CancellationToken cancellationToken) =>
        ListAllAsync("instances", CliJsonContext.Default.InstanceListEnvelope, page => (page.Instances, page.Links), instance => instance.Id, cancellationToken);

    public async Task<InstanceResource> GetInstanceAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"instances/{Uri.EscapeDataString(id)}", null, CliJsonContext.Default.InstanceEnvelope, cancellationToken))!.Instance;

    /// <summary>Finds an instance the way the openstack client does: by id first, then by exact name.</summary>
    public Task<InstanceResource> FindInstanceAsync(string idOrName, CancellationToken cancellationToken) =>
        FindAsync("instance", idOrName, GetInstanceAsync, ListInstancesAsync, instance => instance.Name, cancellationToken);

    /// <summary>Lists the project's backups, or one instance's (<c>GET /instances/{id}/backups</c>), following marker pages.</summary>
    public Task<IReadOnlyList<BackupResource>> ListBackupsAsync(string? instanceId, CancellationToken cancellationToken) =>
        ListAllAsync(
            instanceId is null ? "backups" : $"instances/{Uri.EscapeDataString(instanceId)}/backups",
            CliJsonContext.Default.BackupListEnvelope,
            page => (page.Backups, page.Links),
            backup => backup.Id,
            cancellationToken);

    public async Task<BackupResource> GetBackupAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"backups/{Uri.EscapeDataString(id)}", null, CliJsonContext.Default.BackupEnvelope, cancellationToken))!.Backup;

    /// <summary>Finds a backup the way the openstack client does: by id first, then by exact name.</summary>
    public Task<BackupResource> FindBackupAsync(string idOrName, CancellationToken cancellationToken) =>
        FindAsync("backup", idOrName, GetBackupAsync, cancellationToken => ListBackupsAsync(null, cancellationToken), backup => backup.Name, cancellationToken);

    public async Task<BackupResource> CreateBackupAsync(NewBackup backup, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, "backups", CreateBody(backup), CliJsonContext.Default.BackupEnvelope, cancellationToken))!.Backup;

    public Task DeleteBackupAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"backups/{Uri.EscapeDataString(id)}", null, null, cancellationToken);

    public async Task<ScheduleResource> CreateScheduleAsync(NewSchedule schedule, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, $"instances/{Uri.EscapeDataString(schedule.InstanceId)}/schedules", CreateBody(schedule), CliJsonContext.Default.ScheduleEnvelope, cancellationToken))!.Schedule;

    public async Task<IReadOnlyList<ScheduleResource>> ListSchedulesAsync(string instanceId, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"instances/{Uri.EscapeDataString(instanceId)}/schedules", null, CliJsonContext.Default.ScheduleListEnvelope, cancellationToken))!.Schedules;

    public async Task<ScheduleResource> GetScheduleAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"schedules/{Uri.EscapeDataString(id)}", null, CliJsonContext.Default.ScheduleEnvelope, cancellationToken))!.Schedule;

    public Task DeleteScheduleAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"schedules/{Uri.EscapeDataString(id)}", null, null, cancellationToken);

    public async Task<IReadOnlyList<ScheduleExecutionResource>> ListScheduleExecutionsAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"schedules/{Uri.EscapeDataString(id)}/executions", null, CliJsonContext.Default.ScheduleExecutionListEnvelope, cancellationToken))!.Executions;

    public async Task<InstanceResource> CreateInstanceAsync(NewInstance instance, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Post, "instances", CreateBody(instance), CliJsonContext.Default.InstanceEnvelope, cancellationToken))!.Instance;

    public Task DeleteInstanceAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"instances/{Uri.EscapeDataString(id)}", null, null, cancellationToken);

    public Task RestartInstanceAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"instances/{Uri.EscapeDataString(id)}/action", "{\"restart\":{}}"u8.ToArray(), null, cancellationToken);

    /// <summary>Resizes the instance: a new flavor (id or name) or a larger volume, one at a time.</summary>
    public Task ResizeInstanceAsync(string id, string? flavor, int? volumeGigabytes, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"instances/{Uri.EscapeDataString(id)}/action", Body("resize", json =>
        {
            if (flavor is not null)
            {
                json.WriteString("flavorRef", flavor);
            }
            else
            {
                json.WriteStartObject("volume");
                json.WriteNumber("size", volumeGigabytes ?? 0);
                json.WriteEndObject();
            }
        }), null, cancellationToken);

    /// <summary>Resets the instance's status to ERROR (Trove <c>reset_status</c>), the first half of a force delete.</summary>
    public Task ResetInstanceStatusAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"instances/{Uri.EscapeDataString(id)}/action", "{\"reset_status\":{}}"u8.ToArray(), null, cancellationToken);

    /// <summary>Sends <c>PUT /instances/{id}</c> with the fields <paramref name="writeFields"/> writes into <c>instance</c>.</summary>
    public Task UpdateInstanceAsync(string id, Action<Utf8JsonWriter> writeFields, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Put, $"instances/{Uri.EscapeDataString(id)}", Body("instance", writeFields), null, cancellationToken);

    /// <summary>The connection settings of the instance's replica set (our <c>connection</c> resource).</summary>
    public async Task<ConnectionResource> GetConnectionAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"instances/{Uri.EscapeDataString(id)}/connection", null, CliJsonContext.Default.ConnectionEnvelope, cancellationToken))!.Connection;

    /// <summary>Posts a body-less instance action such as <c>promote_to_replica_source</c> (trove-api.md §7).</summary>
    public Task InstanceActionAsync(string id, string action, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"instances/{Uri.EscapeDataString(id)}/action", Body(action, _ => { }), null, cancellationToken);

    /// <summary>Detaches a replica from its source (<c>PUT</c> with <c>replica_of</c> null, as the openstack client sends it).</summary>
    public Task DetachInstanceAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Put, $"instances/{Uri.EscapeDataString(id)}", Body("instance", json => json.WriteNull("replica_of")), null, cancellationToken);

    public async Task<OperationResource> GetOperationAsync(string id, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"operations/{Uri.EscapeDataString(id)}", null, CliJsonContext.Default.OperationEnvelope, cancellationToken))!.Operation;

    public void Dispose() => _http.Dispose();

    // trove-api.md §2: GET by id first; only a 404 falls back to the list and an exact, case-sensitive name match.
    private static async Task<T> FindAsync<T>(
        string kind,
        string idOrName,
        Func<string, CancellationToken, Task<T>> get,
        Func<CancellationToken, Task<IReadOnlyList<T>>> list,
        Func<T, string> name,
        CancellationToken cancellationToken)
    {
        try
        {
            return await get(idOrName, cancellationToken);
        }
        catch (DbaasApiException e) when (e.Status == 404)
        {
            var named = (await list(cancellationToken))
                .Where(item => string.Equals(name(item), idOrName, StringComparison.Ordinal))
                .ToList();
            return named.Count switch
            {
                1 => named[0],
                0 => throw new DbaasApiException(404, $"No {kind} with a name or ID of '{idOrName}' exists."),
                _ => throw new CliUsageException($"More than one {kind} is named '{idOrName}'; use its ID instead."),
            };
        }
    }

    // Trove lists come in pages: a page with a "next" link continues after the last item's id (?marker=).
    private async Task<IReadOnlyList<TItem>> ListAllAsync<TPage, TItem>(
        string path,
        JsonTypeInfo<TPage> pageType,
        Func<TPage, (IReadOnlyList<TItem> Items, IReadOnlyList<LinkReference>? Links)> content,
        Func<TItem, string> id,
        CancellationToken cancellationToken)
        where TPage : class
    {
        var all = new List<TItem>();
        var next = path;
        while (true)
        {
            var (items, links) = content((await SendAsync(HttpMethod.Get, next, null, pageType, cancellationToken))!);
            all.AddRange(items);
            if (items.Count == 0 || links?.Any(link => link.Rel == "next") != true)
            {
                return all;
            }

            next = $"{path}?marker={Uri.EscapeDataString(id(items[^1]))}";
        }
    }

    // The backup create body of trove-api.md §8, as the openstack client sends it (incremental as 0/1, parent_id).
    private static byte[] CreateBody(NewBackup backup) => Body("backup", json =>
    {
        json.WriteString("name", backup.Name);
        json.WriteString("instance", backup.InstanceId);
        if (backup.Description is { } description)
        {
            json.WriteString("description", description);
        }

        json.WriteNumber("incremental", backup.Incremental ? 1 : 0);
        if (backup.ParentId is { } parentId)
        {
            json.WriteString("parent_id", parentId);
        }
    });

    private static byte[] CreateBody(NewSchedule schedule) => Body("schedule", json =>
    {
        json.WriteString("name", schedule.Name);
        json.WriteString("pattern", schedule.Pattern);
        if (schedule.Description is { } description)
        {
            json.WriteString("description", description);
        }

        json.WriteBoolean("incremental", schedule.Incremental);
        if (schedule.KeepCount is { } count)
        {
            json.WriteNumber("keep_count", count);
        }

        if (schedule.KeepDays is { } days)
        {
            json.WriteNumber("keep_days", days);
        }
    });

    // Trove's request shape: one object named after the resource, {"<resource>": {…}}.
    private static byte[] Body(string resource, Action<Utf8JsonWriter> writeFields) => Json(json =>
    {
        json.WriteStartObject(resource);
        writeFields(json);
        json.WriteEndObject();
    });

    // The create body of trove-api.md §7, written by hand so that no serializer ever sees the passwords.
    private static byte[] CreateBody(NewInstance instance) => Body("instance", json =>
    {
        json.WriteString("name", instance.Name);
        if (instance.FlavorId is { } flavorId)
        {
            json.WriteString("flavorRef", flavorId);
        }

        if (instance.SizeGigabytes > 0)
        {
            json.WriteStartObject("volume");
            json.WriteNumber("size", instance.SizeGigabytes);
            json.WriteEndObject();
        }

        if (instance.ReplicaOf is { } replicaOf)
        {
            json.WriteString("replica_of", replicaOf);
        }

        if (instance.ReplicateFrom is { } source)
        {
            json.WriteStartObject("replicate_from");
            json.WriteString("host", source.Host);
            json.WriteNumber("port", source.Port);
            json.WriteString("user", source.User);
            json.WriteString("password", source.Password);
            json.WriteStartArray("databases");
            foreach (var database in source.Databases)
            {
                json.WriteStringValue(database);
            }

            json.WriteEndArray();
            if (source.CaCertificatePem is { } ca)
            {
                json.WriteString("ca", ca);
            }

            json.WriteEndObject();
        }

        if (instance.Datastore is not null || instance.DatastoreVersion is not null)
        {
            json.WriteStartObject("datastore");
            if (instance.Datastore is { } type)
            {
                json.WriteString("type", type);
            }

            if (instance.DatastoreVersion is { } version)
            {
                json.WriteString("version", version);
            }

            json.WriteEndObject();
        }

        if (instance.BackupId is { } backupId)
        {
            json.WriteStartObject("restorePoint");
            json.WriteString("backupRef", backupId);
            if (instance.RestoreTime is { } time)
            {
                json.WriteString("restore_time", time);
            }

            if (instance.RestoreGtid is { } gtid)
            {
                json.WriteString("restore_gtid", gtid);
            }

            json.WriteEndObject();
        }

        WriteDatabases(json, "databases", instance.Databases);
        json.WriteStartArray("users");
        foreach (var user in instance.Users)
        {
            WriteUser(json, user);
        }

        json.WriteEndArray();
    });

    // A Trove user object (trove-clients.md §3.2): no "host" key means any host.
    private static void WriteUser(Utf8JsonWriter json, NewUser user)
    {
        json.WriteStartObject();
        json.WriteString("name", user.Name);
        json.WriteString("password", user.Password);
        if (user.Host.Length > 0)
        {
            json.WriteString("host", user.Host);
        }

        WriteDatabases(json, "databases", user.Databases);
        json.WriteEndObject();
    }

    private static void WriteDatabases(Utf8JsonWriter json, string property, IReadOnlyList<string> names)
    {
        json.WriteStartArray(property);
        foreach (var name in names)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, byte[]? body, JsonTypeInfo<T>? result, CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new EndpointUnreachableException($"cannot reach {_endpointForMessages}: {Scrub(e.InnerException?.Message ?? e.Message)}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EndpointUnreachableException($"{_endpointForMessages} did not answer within {_http.Timeout.TotalSeconds:0} seconds.", e);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new DbaasApiException((int)response.StatusCode, Scrub(FaultMessage(text) ?? $"the service answered {(int)response.StatusCode} {response.ReasonPhrase}."));
            }

            if (result is null)
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize(text, result)
                    ?? throw new DbaasApiException((int)response.StatusCode, $"the service sent an empty body for {method} {path}.");
            }
            catch (JsonException)
            {
                throw new DbaasApiException(502, $"the service sent a body that is not a valid {typeof(T).Name.Replace("Envelope", string.Empty, StringComparison.Ordinal)} for {method} {path}.");
            }
        }
    }

    // Trove's error shape: {"<fault>": {"code": N, "message": "…"}} (trove-api.md §1, Errors).
    private static string? FaultMessage(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var fault in document.RootElement.EnumerateObject())
                {
                    if (fault.Value.ValueKind == JsonValueKind.Object
                        && fault.Value.TryGetProperty("message", out var message)
                        && message.ValueKind == JsonValueKind.String
                        && !string.IsNullOrWhiteSpace(message.GetString()))
                    {
                        return OneLine(message.GetString()!);
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    // The service never echoes the token; this keeps it out of messages even if a proxy on the way does.
    private string Scrub(string message) =>
        _token is null ? message : message.Replace(_token, "***", StringComparison.Ordinal);
}
