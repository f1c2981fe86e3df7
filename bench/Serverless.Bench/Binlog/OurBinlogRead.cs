using Serverless.Binlog;
using Serverless.Binlog.Events;
using Serverless.Platforms.Local;

namespace Serverless.Bench.Binlog;

/// <summary>
/// Streams the whole binlog from the server with <see cref="BinlogClient"/> (non-blocking dump from the first file),
/// parsing every event into its typed form and verifying every CRC32, as an incremental backup's capture does.
/// </summary>
internal static class OurBinlogRead
{
    private static int _serverIds = 1000;

    public static async Task<BinlogReadTotals> RunAsync(MariaDbServer server, string firstFile, CancellationToken cancellationToken)
    {
        var options = new BinlogClientOptions
        {
            Host = server.Host,
            Port = server.Port,
            User = server.AdminUser,
            Password = server.AdminPassword,
            ServerId = (uint)Interlocked.Increment(ref _serverIds),
            TlsMode = BinlogTlsMode.Disabled,
        };
        long events = 0, bytes = 0, rows = 0;
        await using var client = await BinlogClient.ConnectAsync(options, cancellationToken);
        await foreach (var binlogEvent in client.ReadEventsAsync(BinlogStart.AtPosition(firstFile), new BinlogReadOptions { StopAtEnd = true }, cancellationToken))
        {
            events++;
            if ((binlogEvent.Header.Flags & BinlogEventFlags.Artificial) == 0 && binlogEvent.Header.NextPosition != 0)
            {
                bytes += binlogEvent.Data.Length;
            }

            if (binlogEvent is RowsEvent)
            {
                rows++;
            }
        }

        return new BinlogReadTotals(events, bytes, rows);
    }
}
