namespace Serverless.Binlog.Protocol;

/// <summary>
/// Client/server capability bits exchanged in the handshake
/// (MySQL client/server protocol, "Capabilities Flags"; see shared reference §1.2).
/// </summary>
[Flags]
internal enum CapabilityFlags : uint
{
    None = 0,
    /// <summary>MySQL: long password. MariaDB clears it to announce its extended capabilities.</summary>
    LongPassword = 0x1,
    FoundRows = 0x2,
    LongFlag = 0x4,
    ConnectWithDatabase = 0x8,
    LocalFiles = 0x80,
    Protocol41 = 0x200,
    Ssl = 0x800,
    Transactions = 0x2000,
    SecureConnection = 0x8000,
    MultiStatements = 0x10000,
    MultiResults = 0x20000,
    PreparedStatementMultiResults = 0x40000,
    PluginAuth = 0x80000,
    ConnectAttributes = 0x100000,
    PluginAuthLengthEncodedClientData = 0x200000,
    SessionTrack = 0x800000,
    DeprecateEof = 0x1000000,
}
