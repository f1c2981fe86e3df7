using System.Text.Json;

namespace Serverless.Cli.Client;

/// <summary>The users, databases and root of an instance (trove-clients.md §3). Bodies with passwords are written by hand.</summary>
internal sealed partial class DbaasClient
{
    public Task<IReadOnlyList<UserResource>> ListUsersAsync(string instanceId, CancellationToken cancellationToken) =>
        ListAllAsync(
            $"{InstancePath(instanceId)}/users", CliJsonContext.Default.UserListEnvelope, page => (page.Users, page.Links), user => $"{user.Name}@{user.Host}", cancellationToken);

    public async Task<UserResource> GetUserAsync(string instanceId, string name, string? host, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, UserPath(instanceId, name, host), null, CliJsonContext.Default.UserEnvelope, cancellationToken))!.User;

    public Task CreateUserAsync(string instanceId, NewUser user, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"{InstancePath(instanceId)}/users", Json(json =>
        {
            json.WriteStartArray("users");
            WriteUser(json, user);
            json.WriteEndArray();
        }), null, cancellationToken);

    public Task DeleteUserAsync(string instanceId, string name, string? host, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, UserPath(instanceId, name, host), null, null, cancellationToken);

    public async Task<IReadOnlyList<DatabaseReference>> ListUserAccessAsync(string instanceId, string name, string? host, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"{UserPath(instanceId, name, host)}/databases", null, CliJsonContext.Default.DatabaseListEnvelope, cancellationToken))!.Databases;

    public Task GrantUserAccessAsync(string instanceId, string name, string? host, IReadOnlyList<string> databases, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Put, $"{UserPath(instanceId, name, host)}/databases", Json(json => WriteDatabases(json, "databases", databases)), null, cancellationToken);

    public Task RevokeUserAccessAsync(string instanceId, string name, string? host, string database, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"{UserPath(instanceId, name, host)}/databases/{Uri.EscapeDataString(database)}", null, null, cancellationToken);

    public Task<IReadOnlyList<DatabaseReference>> ListDatabasesAsync(string instanceId, CancellationToken cancellationToken) =>
        ListAllAsync($"{InstancePath(instanceId)}/databases", CliJsonContext.Default.DatabaseListEnvelope, page => (page.Databases, page.Links), database => database.Name, cancellationToken);

    public Task CreateDatabaseAsync(string instanceId, string name, string? characterSet, string? collation, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Post, $"{InstancePath(instanceId)}/databases", Json(json =>
        {
            json.WriteStartArray("databases");
            json.WriteStartObject();
            json.WriteString("name", name);
            if (characterSet is not null)
            {
                json.WriteString("character_set", characterSet);
            }

            if (collation is not null)
            {
                json.WriteString("collate", collation);
            }

            json.WriteEndObject();
            json.WriteEndArray();
        }), null, cancellationToken);

    public Task DeleteDatabaseAsync(string instanceId, string name, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"{InstancePath(instanceId)}/databases/{Uri.EscapeDataString(name)}", null, null, cancellationToken);

    public async Task<RootResource> EnableRootAsync(string instanceId, string? password, CancellationToken cancellationToken) =>
        (await SendAsync(
            HttpMethod.Post,
            $"{InstancePath(instanceId)}/root",
            password is null ? null : Json(json => json.WriteString("password", password)),
            CliJsonContext.Default.RootEnvelope,
            cancellationToken))!.User;

    public async Task<bool> IsRootEnabledAsync(string instanceId, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, $"{InstancePath(instanceId)}/root", null, CliJsonContext.Default.RootStatus, cancellationToken))!.RootEnabled;

    public Task DisableRootAsync(string instanceId, CancellationToken cancellationToken) =>
        SendAsync<object>(HttpMethod.Delete, $"{InstancePath(instanceId)}/root", null, null, cancellationToken);

    private static string InstancePath(string instanceId) => $"instances/{Uri.EscapeDataString(instanceId)}";

    // trove-clients.md §3.1: the user segment is "name@host", percent-encoded; the service splits at the last '@'.
    private static string UserPath(string instanceId, string name, string? host) =>
        $"{InstancePath(instanceId)}/users/{Uri.EscapeDataString(string.IsNullOrEmpty(host) ? name : $"{name}@{host}")}";

    // A body that is one JSON object with the given fields, written by hand so that no serializer sees a password.
    private static byte[] Json(Action<Utf8JsonWriter> writeFields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            writeFields(json);
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
