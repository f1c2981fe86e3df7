using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.DataPlane;

/// <summary>
/// MySqlConnector verifies a server against a CA only from a file (<c>SslCa</c>), while platforms hand the CA out as
/// PEM text. Each distinct PEM is written once to a file named by its SHA-256, in a directory of this process's user,
/// and that path is used from then on: the same CA gives the same connection string, so connections share a pool.
/// </summary>
internal static class CaCertificateFile
{
    private static readonly ConcurrentDictionary<string, string> Paths = new(StringComparer.Ordinal);

    /// <summary>The path of a file holding <paramref name="pem"/>, written if it is not there yet.</summary>
    public static string PathFor(string pem) => Paths.GetOrAdd(pem, Write);

    private static string Write(string pem)
    {
        var bytes = Encoding.ASCII.GetBytes(pem);
        var directory = Path.Combine(Path.GetTempPath(), $"serverless-ca-{Environment.UserName}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            // Only this user may place a CA here (the content is checked below as well).
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var path = Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(bytes)) + ".pem");
        if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            // Written beside and moved into place, so a reader never sees half a file.
            var partial = $"{path}.{Guid.NewGuid():N}.partial";
            File.WriteAllBytes(partial, bytes);
            File.Move(partial, path, overwrite: true);
        }

        return path;
    }
}
