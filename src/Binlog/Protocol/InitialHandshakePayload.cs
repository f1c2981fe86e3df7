namespace Serverless.Binlog.Protocol;

/// <summary>
/// Initial Handshake Packet v10, server to client, sequence 0 (shared reference §1.3).
/// MariaDB keeps its extended capabilities in the last four of the ten reserved bytes.
/// </summary>
internal sealed record InitialHandshakePayload(
    string ServerVersion,
    uint ConnectionId,
    byte[] Nonce,
    CapabilityFlags Capabilities,
    uint MariaDbExtendedCapabilities,
    byte Collation,
    string AuthPluginName)
{
    public const byte Signature = 0x0A;

    /// <summary>True for MariaDB servers (which clear the "long password" bit and name themselves in the version).</summary>
    public bool IsMariaDb => ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);

    public static InitialHandshakePayload Create(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var protocol = reader.ReadByte();
        if (protocol != Signature)
        {
            throw new BinlogProtocolException($"Unsupported handshake protocol version {protocol}; expected 10.");
        }

        var version = reader.ReadNullTerminatedString();
        const string mariaDbReplicationPrefix = "5.5.5-";
        if (version.StartsWith(mariaDbReplicationPrefix, StringComparison.Ordinal))
        {
            version = version[mariaDbReplicationPrefix.Length..];
        }

        var connectionId = reader.ReadUInt32();
        var nonce1 = reader.ReadBytes(8);
        reader.Skip(1);
        var capabilities = (uint)reader.ReadUInt16();
        byte collation = 0;
        uint extended = 0;
        var authDataLength = 0;
        var nonce = new List<byte>(nonce1.ToArray());
        var plugin = AuthenticationPluginNames.NativePassword;
        if (reader.HasRemaining)
        {
            collation = reader.ReadByte();
            reader.Skip(2); // status flags
            capabilities |= (uint)reader.ReadUInt16() << 16;
            authDataLength = reader.ReadByte();
            reader.Skip(6);
            extended = reader.ReadUInt32();
            if ((capabilities & (uint)CapabilityFlags.SecureConnection) != 0)
            {
                var part2Length = Math.Max(13, authDataLength - 8);
                var part2 = reader.ReadBytes(Math.Min(part2Length, reader.Remaining));
                // The scramble is 20 bytes; the 13th byte of part 2 is a NUL terminator.
                nonce.AddRange(part2[..Math.Min(12, part2.Length)].ToArray());
            }

            if ((capabilities & (uint)CapabilityFlags.PluginAuth) != 0 && reader.HasRemaining)
            {
                plugin = reader.ReadNullTerminatedString();
            }
        }

        if ((capabilities & (uint)CapabilityFlags.LongPassword) != 0)
        {
            extended = 0; // only MariaDB (bit 0 clear) uses the reserved bytes
        }

        return new InitialHandshakePayload(version, connectionId, nonce.ToArray(), (CapabilityFlags)capabilities, extended, collation, plugin);
    }
}
