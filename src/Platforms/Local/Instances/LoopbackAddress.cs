using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Serverless.Platforms.Local.Instances;

/// <summary>
/// Gives each local server an address of its own, as a cloud server has: on Linux all of
/// 127.0.0.0/8 reaches the loopback interface, so 127.0.0.2, 127.0.0.3, … can each have a server
/// on the standard port, and clients connect the way they would to a Trove or RDS instance.
/// </summary>
/// <remarks>
/// A stopped server keeps its address, although nothing listens on it then, so a free port alone
/// does not make an address free. Every address in use is claimed by a file in a directory shared
/// by all state roots on the machine (<see cref="ClaimsDirectory"/>), naming the server record that
/// holds it. A claim whose record is gone or names another address is stale and may be taken over.
/// </remarks>
internal static class LoopbackAddress
{
    private const int FirstHost = 2;
    private const int LastHost = 254;

    /// <summary>The machine-wide directory of address claims.</summary>
    public static string ClaimsDirectory => Path.Combine(Path.GetTempPath(), "serverless-loopback-claims");

    /// <summary>
    /// Claims the first 127.0.0.N (N ≥ 2), not in <paramref name="excluded"/>, that no other server
    /// record holds and on which <paramref name="port"/> can be bound right now; null when there is none.
    /// </summary>
    /// <param name="port">The port the server will listen on.</param>
    /// <param name="recordPath">The record of the server that claims the address; it must name the address and port soon after.</param>
    /// <param name="excluded">Addresses not to use, for example ones where another process answered.</param>
    public static string? Claim(int port, string recordPath, IReadOnlySet<string> excluded)
    {
        Directory.CreateDirectory(ClaimsDirectory);
        for (var host = FirstHost; host <= LastHost; host++)
        {
            var address = $"127.0.0.{host}";
            if (excluded.Contains(address) || !TryClaim(address, port, recordPath))
            {
                continue;
            }

            if (CanListen(IPAddress.Parse(address), port))
            {
                return address;
            }

            Release(address, port, recordPath);
        }

        return null;
    }

    /// <summary>Gives up the claim of <paramref name="recordPath"/> on the address, if it holds it.</summary>
    public static void Release(string address, int port, string recordPath)
    {
        var file = ClaimFile(address, port);
        if (ReadHolder(file) == recordPath)
        {
            File.Delete(file);
        }
    }

    private static bool TryClaim(string address, int port, string recordPath)
    {
        var file = ClaimFile(address, port);
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
                stream.Write(Encoding.UTF8.GetBytes(recordPath));
                return true;
            }
            catch (IOException) when (File.Exists(file))
            {
                var holder = ReadHolder(file);
                if (holder == recordPath)
                {
                    return true;
                }

                // An empty holder is a claim being written right now.
                if (string.IsNullOrEmpty(holder) || HoldsAddress(holder, address, port))
                {
                    return false;
                }

                File.Delete(file);
            }
        }

        return false;
    }

    private static bool HoldsAddress(string recordPath, string address, int port)
    {
        try
        {
            return LocalServerRecord.TryRead(recordPath) is { } record && record.Host == address && record.Port == port;
        }
        catch (System.Text.Json.JsonException)
        {
            // Unreadable, but a server may stand behind it: leave its address alone.
            return true;
        }
    }

    private static string? ReadHolder(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static string ClaimFile(string address, int port) => Path.Combine(ClaimsDirectory, $"{address}-{port}");

    private static bool CanListen(IPAddress address, int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(1);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
