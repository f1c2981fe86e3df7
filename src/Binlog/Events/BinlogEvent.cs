namespace Serverless.Binlog.Events;

/// <summary>
/// One binlog event: its header and its raw bytes, and in subclasses the fields of its type. Events are parsed by
/// <see cref="BinlogEventParser"/>, which <see cref="BinlogClient"/> and <see cref="BinlogFileReader"/> use.
/// </summary>
/// <remarks>
/// <see cref="Data"/> and the memory-typed properties of an event point into the reader's buffer and are valid only
/// until the next event is read; copy what must outlive that (<c>Data.ToArray()</c>, or write it out at once).
/// <see cref="FormatDescriptionEvent"/> and <see cref="TableMapEvent"/> own their bytes, because later events
/// depend on them.
/// </remarks>
public abstract class BinlogEvent
{
    /// <summary>Creates the event.</summary>
    /// <param name="header">The parsed header.</param>
    /// <param name="data">The whole event: header, body and checksum.</param>
    protected BinlogEvent(BinlogEventHeader header, ReadOnlyMemory<byte> data)
    {
        Header = header;
        Data = data;
    }

    /// <summary>The event header.</summary>
    public BinlogEventHeader Header { get; }

    /// <summary>The event's type.</summary>
    public BinlogEventType EventType => Header.EventType;

    /// <summary>
    /// The raw event as the source wrote it (header, body and checksum trailer), e.g. to store in a binlog segment or
    /// replay with a <c>BINLOG</c> statement. Valid until the next event is read.
    /// </summary>
    public ReadOnlyMemory<byte> Data { get; }
}
