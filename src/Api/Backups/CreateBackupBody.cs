using System.Text.Json;
using Serverless.Api.Errors;
using Serverless.Api.Wire;
using Serverless.Orchestrations.Catalog;
using Serverless.Orchestrations.Backups;

namespace Serverless.Api.Backups;

/// <summary>
/// Turns a Trove backup create body (trove-api.md §8, backup create) into a <see cref="CreateBackupRequest"/>.
/// Accepts what the two CLIs send (<c>incremental</c> as 0/1 or a boolean); ignores <c>swift_container</c>, which
/// has no meaning here; refuses <c>restore_from</c> (importing a foreign backup) with 501, and any other field with
/// 400 naming it.
/// </summary>
internal static class CreateBackupBody
{
    private const string Path = "backup";

    public static CreateBackupRequest Parse(JsonElement body)
    {
        JsonBody.OnlyKnownFields(body, string.Empty, Path);
        var backup = JsonBody.RequiredObject(body, string.Empty, Path);
        JsonBody.OnlyKnownFields(backup, Path, "name", "instance", "description", "incremental", "parent_id", "swift_container", "restore_from");
        if (JsonBody.Optional(backup, "restore_from") is not null)
        {
            throw TroveRequestException.NotImplemented($"'{Path}.restore_from' is not supported by this service: back up one of the project's instances instead.");
        }

        var name = JsonBody.RequiredString(backup, Path, "name");
        var instance = JsonBody.OptionalString(backup, Path, "instance") is { Length: > 0 } id
            ? id
            : throw TroveRequestException.BadRequest($"'{Path}.instance' is required: send the id of the instance to back up (openstack: --instance).");
        var description = JsonBody.OptionalString(backup, Path, "description");
        var parentId = JsonBody.OptionalString(backup, Path, "parent_id");
        JsonBody.OptionalString(backup, Path, "swift_container");
        return new CreateBackupRequest(name, instance, description, Incremental(backup), string.IsNullOrEmpty(parentId) ? null : parentId);
    }

    // The clients send int(incremental), 0 or 1; Trove itself also takes a JSON boolean.
    private static bool Incremental(JsonElement backup) => JsonBody.Optional(backup, "incremental") switch
    {
        null => false,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt32(out var number) && number is 0 or 1 => number == 1,
        _ => throw TroveRequestException.BadRequest($"'{Path}.incremental' must be 0, 1, true or false."),
    };
}
