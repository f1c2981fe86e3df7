using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.Orchestrations.Catalog;

/// <summary>The ids the catalog derives or accepts: project ids, secret ids, MySQL server ids.</summary>
internal static class CatalogIds
{
    private const int MaxIdLength = 64;

    /// <summary>Project ids become key segments: letters, digits, <c>-</c> and <c>_</c>, at most 64.</summary>
    public static void ValidateProject(string projectId)
    {
        if (!IsWellFormed(projectId))
        {
            throw new CatalogValidationException("The project id must be 1-64 letters, digits, '-' or '_'.");
        }
    }

    /// <summary>Whether an id can name a catalog document; anything else cannot exist, so is not found.</summary>
    public static bool IsWellFormed(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static string AdminSecret(string instanceId) => $"{instanceId}-admin";

    public static string ReplicationSecret(string instanceId) => $"{instanceId}-replication";

    /// <summary>The secret holding the password of the external source an instance replicates from (a migration).</summary>
    public static string ExternalSourceSecret(string instanceId) => $"{instanceId}-external-source";

    public static string UserSecret(string instanceId, int index) => $"{instanceId}-user-{index}";

    /// <summary>
    /// The replication <c>server_id</c>, derived from the instance id so that a re-run provision asks for the
    /// same server: 31 bits of its SHA-256, never 0 (which disables replication).
    /// </summary>
    public static int MySqlServerId(string instanceId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(instanceId));
        var id = (int)(BinaryPrimitives.ReadUInt32BigEndian(hash) & 0x7FFF_FFFF);
        return id == 0 ? 1 : id;
    }
}
