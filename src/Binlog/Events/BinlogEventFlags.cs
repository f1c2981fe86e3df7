namespace Serverless.Binlog.Events;

/// <summary>The flags of an event header (shared reference §4.1).</summary>
[Flags]
public enum BinlogEventFlags : ushort
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary>On the format description of a file the server still writes (or did not close cleanly).</summary>
    BinlogInUse = 0x1,
    /// <summary>The event depends on its session (temporary tables).</summary>
    ThreadSpecific = 0x4,
    /// <summary>The event must not be preceded by <c>USE db</c>.</summary>
    SuppressUse = 0x8,
    /// <summary>Made up by the server for the stream (e.g. the fake rotate at the start of a dump); not in any file.</summary>
    Artificial = 0x20,
    /// <summary>Written by a replica's relay log.</summary>
    RelayLog = 0x40,
    /// <summary>A reader that does not know the event type may skip it.</summary>
    Ignorable = 0x80,
    /// <summary>MariaDB: not to be replicated further.</summary>
    SkipReplication = 0x8000,
}
