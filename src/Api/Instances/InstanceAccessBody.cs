using System.Text.Json;
using Serverless.Api.Errors;
using Serverless.Api.Wire;

namespace Serverless.Api.Instances;

/// <summary>
/// Reads Trove's <c>access</c> object (<c>{"is_public": bool, "allowed_cidrs": ["a.b.c.d/n", …]}</c>) on create and update;
/// a field left out is null, which keeps the current value.
/// </summary>
internal static class InstanceAccessBody
{
    public static (bool? IsPublic, IReadOnlyList<string>? AllowedCidrs) Parse(JsonElement access, string path)
    {
        if (access.ValueKind != JsonValueKind.Object)
        {
            throw TroveRequestException.BadRequest($"'{path}' must be an object such as {{\"is_public\": false, \"allowed_cidrs\": [\"10.0.0.0/8\"]}}.");
        }

        JsonBody.OnlyKnownFields(access, path, "is_public", "allowed_cidrs");
        bool? isPublic = JsonBody.Optional(access, "is_public") switch
        {
            null => null,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => throw TroveRequestException.BadRequest($"'{path}.is_public' must be true or false."),
        };
        List<string>? cidrs = null;
        if (JsonBody.Optional(access, "allowed_cidrs") is { } list)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw TroveRequestException.BadRequest($"'{path}.allowed_cidrs' must be a list of IPv4 networks such as [\"10.0.0.0/8\"].");
            }

            cidrs = [];
            foreach (var item in list.EnumerateArray())
            {
                cidrs.Add(item.ValueKind == JsonValueKind.String
                    ? item.GetString()!
                    : throw TroveRequestException.BadRequest($"'{path}.allowed_cidrs' must hold strings such as \"10.0.0.0/8\"."));
            }
        }

        return (isPublic, cidrs);
    }
}
