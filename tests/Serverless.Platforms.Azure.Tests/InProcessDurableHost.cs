using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Testing;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// Starts Microsoft.DurableTask's in-process test host on a port the OS just handed out. Left to itself the host picks
/// a random port between 30000 and 40000, which on a machine running other test servers is sometimes taken; a port
/// can still be taken between the pick and the bind, so that is retried with a new one.
/// </summary>
internal static class InProcessDurableHost
{
    private const int Attempts = 5;

    public static async Task<DurableTaskTestHost> StartAsync(Action<DurableTaskRegistry> registry)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DurableTaskTestHost.StartAsync(registry, new DurableTaskTestHostOptions { Port = FreePort() });
            }
            catch (IOException) when (attempt < Attempts)
            {
                // Address in use: another process took the port first.
            }
        }
    }

    /// <summary>A loopback port nothing listens on now (also what a dead server's address looks like).</summary>
    public static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
