using System.Net;
using System.Net.Sockets;

namespace Serverless.Platforms.Local;

/// <summary>Picks a TCP port nobody listens on, for a server about to start.</summary>
internal static class FreePort
{
    /// <summary>
    /// A port the OS just handed out on <paramref name="bindAddress"/> (loopback when it does not
    /// parse). Another process may take it before the server binds it, so launchers retry with a
    /// new one when the server reports the address in use.
    /// </summary>
    public static int Find(string bindAddress)
    {
        var address = IPAddress.TryParse(bindAddress, out var parsed) ? parsed : IPAddress.Loopback;
        using var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
