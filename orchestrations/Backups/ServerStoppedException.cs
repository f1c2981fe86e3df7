namespace Serverless.Orchestrations.Backups;

/// <summary>
/// The instance's database server stopped while a backup step read it: the step is not retried (the server will not
/// come back by itself), the backup fails saying so, and the instance shows <c>ERROR</c> rather than <c>ACTIVE</c>.
/// </summary>
internal sealed class ServerStoppedException : Exception
{
    public ServerStoppedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ServerStoppedException()
    {
    }

    public ServerStoppedException(string message)
        : base(message)
    {
    }
}
