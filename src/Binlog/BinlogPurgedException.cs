namespace Serverless.Binlog;

/// <summary>
/// The server no longer has the binlog the request starts from (error 1236: the file or the GTID state was
/// purged). Reading cannot resume from that point; a new full backup or snapshot is needed.
/// </summary>
public sealed class BinlogPurgedException : BinlogServerException
{
    /// <summary>Creates the exception from the fields of the server's ERR packet.</summary>
    /// <param name="errorCode">The server's error number (1236).</param>
    /// <param name="sqlState">The five-character SQLSTATE.</param>
    /// <param name="serverMessage">The server's message.</param>
    /// <param name="start">Where the read was asked to start, for the message.</param>
    public BinlogPurgedException(int errorCode, string sqlState, string serverMessage, string start)
        : base(
            errorCode,
            sqlState,
            serverMessage,
            $"The server no longer has the binlog from {start}: it was purged ({serverMessage}; MySQL error {errorCode}). Take a full backup to start a new chain.")
    {
        Start = start;
    }

    /// <summary>Where the read was asked to start.</summary>
    public string Start { get; }
}
