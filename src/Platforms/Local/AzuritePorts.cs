namespace Serverless.Platforms.Local;

/// <summary>
/// The Queue and Table ports of one Azurite, chosen beside its Blob port. A start attempt on a new Blob port (the
/// first, or a retry after a port was taken) picks new free ones; a restart on the same Blob port keeps them, so
/// connection strings handed out before stay valid.
/// </summary>
internal sealed class AzuritePorts
{
    private int blobPort;

    /// <summary>The Queue service's port.</summary>
    public int QueuePort { get; private set; }

    /// <summary>The Table service's port.</summary>
    public int TablePort { get; private set; }

    /// <summary>Picks free Queue and Table ports unless they were already picked for <paramref name="port"/>.</summary>
    public void ChooseFor(int port)
    {
        if (port == blobPort && QueuePort != 0)
        {
            return;
        }

        blobPort = port;
        QueuePort = FreePort.Find("127.0.0.1");
        do
        {
            TablePort = FreePort.Find("127.0.0.1");
        }
        while (TablePort == QueuePort || TablePort == port);
    }
}
