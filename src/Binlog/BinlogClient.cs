using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Serverless.Binlog.Authentication;
using Serverless.Binlog.Events;
using Serverless.Binlog.Protocol;

namespace Serverless.Binlog;

/// <summary>
/// A replication client: connects and authenticates like a replica (mysql_native_password or caching_sha2_password,
/// optionally over verified TLS), registers with a server id and streams the binlog from a file position or a GTID
/// position, MariaDB's or MySQL's (shared reference §1, §3). Every event's CRC32 is verified.
/// </summary>
/// <example>
/// <code>
/// await using var client = await BinlogClient.ConnectAsync(options, cancellationToken);
/// await foreach (var binlogEvent in client.ReadEventsAsync(BinlogStart.AfterMariaDbGtids("0-1-28"), new() { StopAtEnd = true }, cancellationToken))
/// {
///     await segment.WriteAsync(binlogEvent.Data, cancellationToken); // valid until the next event
/// }
/// </code>
/// </example>
/// <remarks>
/// One client reads one stream: after <see cref="ReadEventsAsync"/> ends, the connection is finished. Not
/// thread-safe. The server ends an older dump that uses the same <see cref="BinlogClientOptions.ServerId"/>.
/// </remarks>
public sealed class BinlogClient : IAsyncDisposable
{
    private const byte ComQuit = 0x01;
    private const int BinlogErrorCode = 1236;
    private const byte MariaDbGtidCapability = 4;

    private readonly IoWatchdog _watchdog;
    private Socket? _socket;
    private PacketChannel? _channel;
    private CapabilityFlags _capabilities;
    private bool _streamStarted;
    private bool _disposed;

    private BinlogClient(BinlogClientOptions options)
    {
        Options = options;
        _watchdog = new IoWatchdog(options.Endpoint, () => _socket?.Dispose());
    }

    /// <summary>The options the client was opened with.</summary>
    public BinlogClientOptions Options { get; }

    /// <summary>The server's version, without MariaDB's <c>5.5.5-</c> prefix.</summary>
    public string ServerVersion { get; private set; } = string.Empty;

    /// <summary>True for MariaDB, false for MySQL.</summary>
    public bool IsMariaDb { get; private set; }

    /// <summary>The server's id for this session (as in its process list).</summary>
    public uint ConnectionId { get; private set; }

    /// <summary>The session is encrypted with TLS.</summary>
    public bool IsEncrypted { get; private set; }

    /// <summary>The authentication plugin that admitted the session.</summary>
    public string AuthenticationPlugin { get; private set; } = string.Empty;

    /// <summary>
    /// Where the stream is in the source's binlog: the file named by the latest rotate or heartbeat and the end of the
    /// latest event read. A new read from here resumes after that event. Null before the first rotate.
    /// </summary>
    public BinlogPosition? Position { get; private set; }

    private PacketChannel Channel => _channel ?? throw new ObjectDisposedException(nameof(BinlogClient));

    /// <summary>Opens and authenticates a connection.</summary>
    /// <param name="options">Where and how to connect.</param>
    /// <param name="cancellationToken">Cancels the connect; the socket is closed.</param>
    /// <returns>The connected client.</returns>
    /// <exception cref="BinlogConnectionException">The server cannot be reached or TLS cannot be set up (e.g. a certificate that does not chain to the CA).</exception>
    /// <exception cref="BinlogServerException">The server refused the login (e.g. 1045 access denied).</exception>
    /// <exception cref="BinlogAuthenticationException">The account needs something this client cannot do safely or at all.</exception>
    /// <exception cref="BinlogTimeoutException">The connection was not set up within <see cref="BinlogClientOptions.ConnectTimeout"/>.</exception>
    public static async Task<BinlogClient> ConnectAsync(BinlogClientOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ServerId == 0)
        {
            throw new ArgumentException("The server id must not be 0: MariaDB treats 0 as a one-shot reader, and every replica needs its own id.", nameof(options));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var client = new BinlogClient(options);
        try
        {
            await client.OpenAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            // The session never opened: close without COM_QUIT, which a server mid-authentication would take as auth data.
            client._watchdog.Abort();
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Registers as a replica and streams the binlog from <paramref name="start"/>. Each event is parsed and its
    /// checksum verified; its <see cref="BinlogEvent.Data"/> is valid until the next event is requested. With
    /// <see cref="BinlogReadOptions.StopAtEnd"/> the sequence ends when the server has sent everything it has;
    /// otherwise it waits for new events (heartbeats arrive while it is idle) until cancelled.
    /// </summary>
    /// <param name="start">Where to start.</param>
    /// <param name="readOptions">How the dump behaves; the defaults follow the binlog forever with annotations.</param>
    /// <param name="cancellationToken">Ends the stream; the connection is closed.</param>
    /// <returns>The events, starting with the server's artificial rotate and the file's format description.</returns>
    /// <exception cref="BinlogPurgedException">The binlog at <paramref name="start"/> was purged from the server.</exception>
    /// <exception cref="BinlogServerException">The server refused the dump (e.g. a missing REPLICATION SLAVE privilege, an unknown GTID).</exception>
    /// <exception cref="BinlogChecksumException">An event failed its CRC32 check.</exception>
    /// <exception cref="BinlogProtocolException">The server sent something malformed.</exception>
    /// <exception cref="BinlogConnectionException">The connection was lost.</exception>
    /// <exception cref="BinlogTimeoutException">Nothing arrived within <see cref="BinlogClientOptions.ReadTimeout"/>.</exception>
    public IAsyncEnumerable<BinlogEvent> ReadEventsAsync(BinlogStart start, BinlogReadOptions? readOptions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_streamStarted)
        {
            throw new InvalidOperationException("This client has already streamed the binlog; a connection carries one dump. Connect a new client.");
        }

        if (start.MariaDbGtids is not null && !IsMariaDb)
        {
            throw new ArgumentException($"A MariaDB GTID start cannot be used with {ServerVersion}, a MySQL server; use BinlogStart.AfterMySqlGtids.", nameof(start));
        }

        if (start.MySqlGtids is not null && IsMariaDb)
        {
            throw new ArgumentException($"A MySQL GTID set start cannot be used with MariaDB {ServerVersion}; use BinlogStart.AfterMariaDbGtids.", nameof(start));
        }

        _streamStarted = true;
        return StreamAsync(start, readOptions ?? new BinlogReadOptions(), cancellationToken);
    }

    /// <summary>Closes the connection (politely when no dump is running).</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_channel is not null && !_watchdog.Aborted && !_streamStarted)
        {
            try
            {
                using var writer = new PayloadWriter(1);
                writer.WriteByte(ComQuit);
                _channel.ResetSequence();
                using var quitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _channel.WritePayloadAsync(writer).AsTask().WaitAsync(quitTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is BinlogException or OperationCanceledException or IOException)
            {
                // The server goes away on QUIT anyway; nothing to report.
            }
        }

        _watchdog.Abort();
        _channel?.Dispose();
        _socket?.Dispose();
        _watchdog.Dispose();
    }

    private async IAsyncEnumerable<BinlogEvent> StreamAsync(BinlogStart start, BinlogReadOptions readOptions, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _watchdog.Watch(cancellationToken);
        try
        {
            var parser = await PrepareDumpAsync(start, readOptions).ConfigureAwait(false);
            while (true)
            {
                var payload = await ReadPacketAsync().ConfigureAwait(false);
                var first = payload.Span[0];
                if (first == OkPayload.Signature)
                {
                    var binlogEvent = parser.Parse(payload[1..], null);
                    Track(binlogEvent);
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return binlogEvent;
                }
                else if (first == ErrorPayload.Signature)
                {
                    throw CreateDumpException(payload.Span, start, Position);
                }
                else if (EofPayload.IsEof(payload.Span))
                {
                    yield break;
                }
                else
                {
                    throw new BinlogProtocolException($"Unexpected packet 0x{first:X2} in the binlog stream from {Options.Endpoint}.");
                }
            }
        }
        finally
        {
            _watchdog.Unwatch();
            // A dump has no end the client can ask for: once the caller stops, only closing the connection stops the server.
            _watchdog.Abort();
        }
    }

    /// <summary>Session variables, registration and the dump command (shared reference §3.1–§3.4).</summary>
    private async Task<BinlogEventParser> PrepareDumpAsync(BinlogStart start, BinlogReadOptions readOptions)
    {
        var checksum = await QueryScalarAsync("SELECT @@global.binlog_checksum").ConfigureAwait(false);
        // Without this, MariaDB refuses to send checksummed events to an "old" replica (error 1236).
        await ExecuteAsync("SET @master_binlog_checksum = @@global.binlog_checksum, @source_binlog_checksum = @@global.binlog_checksum").ConfigureAwait(false);
        if (Options.HeartbeatPeriod is { } heartbeat && heartbeat > TimeSpan.Zero)
        {
            var nanoseconds = ((long)heartbeat.TotalMilliseconds * 1_000_000L).ToString(CultureInfo.InvariantCulture);
            await ExecuteAsync($"SET @master_heartbeat_period = {nanoseconds}, @source_heartbeat_period = {nanoseconds}").ConfigureAwait(false);
        }

        if (IsMariaDb)
        {
            // GTID-aware replica: without it GTID events arrive as BEGIN queries.
            await ExecuteAsync($"SET @mariadb_slave_capability = {MariaDbGtidCapability}").ConfigureAwait(false);
            if (start.MariaDbGtids is { } gtids)
            {
                // The position was parsed into numbers, so its text cannot carry anything but digits, '-' and ','.
                await ExecuteAsync($"SET @slave_connect_state = '{MariaDbGtid.FormatPosition(gtids)}', @slave_gtid_strict_mode = 0, @slave_gtid_ignore_duplicates = 0").ConfigureAwait(false);
            }
        }
        else
        {
            // MySQL matches a dump to older ones by this UUID, else by server id.
            var uuid = Guid.NewGuid().ToString("D");
            await ExecuteAsync($"SET @replica_uuid = '{uuid}', @slave_uuid = '{uuid}'").ConfigureAwait(false);
        }

        using (var register = new PayloadWriter(32))
        {
            RegisterReplicaPayload.Write(register, Options.ServerId);
            await SendCommandAsync(register).ConfigureAwait(false);
            await ReadOkAsync("COM_REGISTER_SLAVE").ConfigureAwait(false);
        }

        using var dump = new PayloadWriter(64);
        if (start.MySqlGtids is { } executed)
        {
            var flags = (ushort)(BinlogDumpGtidPayload.ThroughGtidFlag | (readOptions.StopAtEnd ? BinlogDumpGtidPayload.NonBlockFlag : 0));
            BinlogDumpGtidPayload.Write(dump, flags, Options.ServerId, executed);
        }
        else
        {
            var flags = (ushort)((readOptions.StopAtEnd ? BinlogDumpPayload.NonBlockFlag : 0) |
                (IsMariaDb && readOptions.IncludeAnnotateRows ? BinlogDumpPayload.MariaDbSendAnnotateRowsFlag : 0));
            BinlogDumpPayload.Write(dump, (uint)start.Position, flags, Options.ServerId, start.FileName ?? string.Empty);
        }

        await SendCommandAsync(dump).ConfigureAwait(false);
        var algorithm = string.Equals(checksum, "CRC32", StringComparison.OrdinalIgnoreCase) ? BinlogChecksumAlgorithm.Crc32 : BinlogChecksumAlgorithm.None;
        return new BinlogEventParser(algorithm);
    }

    /// <summary>Rotates and heartbeats name the file; every other event's header gives the offset after it (0 on some artificial ones).</summary>
    private void Track(BinlogEvent binlogEvent)
    {
        switch (binlogEvent)
        {
            case RotateEvent rotate:
                Position = new BinlogPosition(rotate.FileName, (long)rotate.Position);
                break;
            case HeartbeatEvent heartbeat:
                Position = new BinlogPosition(heartbeat.FileName, (long)heartbeat.Position);
                break;
            default:
                if (binlogEvent.Header.NextPosition != 0 && Position is { } current)
                {
                    Position = current with { Position = binlogEvent.Header.NextPosition };
                }

                break;
        }
    }

    private static BinlogServerException CreateDumpException(ReadOnlySpan<byte> payload, BinlogStart start, BinlogPosition? position)
    {
        var error = ErrorPayload.Create(payload);
        var purged = error.ErrorCode == BinlogErrorCode &&
            (error.Message.Contains("purged", StringComparison.OrdinalIgnoreCase) ||
             error.Message.Contains("Could not find first log file name", StringComparison.OrdinalIgnoreCase));
        return purged
            ? new BinlogPurgedException(error.ErrorCode, error.SqlState, error.Message, start.ToString())
            : new BinlogServerException(error.ErrorCode, error.SqlState, string.Create(CultureInfo.InvariantCulture, $"{error.Message} (binlog read from {start}, last position {position?.ToString() ?? "none"})"));
    }

    /// <summary>Runs a statement that returns no rows (shared reference §2.2: OK or ERR).</summary>
    private async Task ExecuteAsync(string sql)
    {
        using (var writer = new PayloadWriter(sql.Length + 8))
        {
            QueryPayload.Write(writer, sql);
            await SendCommandAsync(writer).ConfigureAwait(false);
        }

        await ReadOkAsync("the session setup").ConfigureAwait(false);
    }

    /// <summary>Runs a query and returns the first column of its first row as text (null for NULL or no rows).</summary>
    private async Task<string?> QueryScalarAsync(string sql)
    {
        using (var writer = new PayloadWriter(sql.Length + 8))
        {
            QueryPayload.Write(writer, sql);
            await SendCommandAsync(writer).ConfigureAwait(false);
        }

        var payload = await ReadPacketAsync().ConfigureAwait(false);
        ThrowIfError(payload.Span);
        if (payload.Span[0] == OkPayload.Signature)
        {
            return null;
        }

        var columns = new PayloadReader(payload.Span).ReadLengthEncodedInteger();
        for (ulong i = 0; i < columns; i++)
        {
            await ReadPacketAsync().ConfigureAwait(false);
        }

        if ((_capabilities & CapabilityFlags.DeprecateEof) == 0)
        {
            await ReadPacketAsync().ConfigureAwait(false);
        }

        string? value = null;
        var first = true;
        while (true)
        {
            payload = await ReadPacketAsync().ConfigureAwait(false);
            ThrowIfError(payload.Span);
            if (payload.Span[0] == EofPayload.Signature && payload.Length < PacketChannel.MaxChunkLength)
            {
                return value;
            }

            if (first && payload.Span[0] != 0xFB)
            {
                value = Encoding.UTF8.GetString(new PayloadReader(payload.Span).ReadLengthEncodedBytes());
            }

            first = false;
        }
    }

    private async Task ReadOkAsync(string what)
    {
        var payload = await ReadPacketAsync().ConfigureAwait(false);
        ThrowIfError(payload.Span);
        if (payload.Span[0] != OkPayload.Signature)
        {
            throw new BinlogProtocolException($"Expected OK after {what} from {Options.Endpoint}, got a packet starting 0x{payload.Span[0]:X2}.");
        }
    }

    private static void ThrowIfError(ReadOnlySpan<byte> payload)
    {
        if (payload[0] == ErrorPayload.Signature)
        {
            var error = ErrorPayload.Create(payload);
            throw new BinlogServerException(error.ErrorCode, error.SqlState, error.Message);
        }
    }

    private ValueTask SendCommandAsync(PayloadWriter writer)
    {
        Channel.ResetSequence();
        return Channel.WritePayloadAsync(writer);
    }

    private async ValueTask<ReadOnlyMemory<byte>> ReadPacketAsync()
    {
        var payload = await Channel.ReadPayloadAsync().ConfigureAwait(false);
        if (payload.IsEmpty)
        {
            throw new BinlogProtocolException($"The server at {Options.Endpoint} sent an empty packet.");
        }

        return payload;
    }

    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        _watchdog.BeginConnect(Options.ConnectTimeout, cancellationToken);
        try
        {
            await ConnectTransportAsync(cancellationToken).ConfigureAwait(false);
            var payload = await ReadPacketAsync().ConfigureAwait(false);
            ThrowIfError(payload.Span);
            var handshake = InitialHandshakePayload.Create(payload.Span);
            ServerVersion = handshake.ServerVersion;
            IsMariaDb = handshake.IsMariaDb;
            ConnectionId = handshake.ConnectionId;
            _capabilities = NegotiateCapabilities(handshake.Capabilities);
            if ((_capabilities & CapabilityFlags.Ssl) != 0)
            {
                await StartTlsAsync(cancellationToken).ConfigureAwait(false);
            }

            await AuthenticateAsync(handshake).ConfigureAwait(false);
        }
        catch (Exception ex) when (_watchdog.TimedOut)
        {
            throw new BinlogTimeoutException($"Could not connect to {Options.Endpoint} within {IoWatchdog.Describe(Options.ConnectTimeout)} (the connect timeout).", ex);
        }
        catch (Exception ex) when (_watchdog.Cancelled && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException($"Connecting to {Options.Endpoint} was cancelled.", ex, cancellationToken);
        }
        finally
        {
            _watchdog.EndConnect(Options.ReadTimeout);
        }
    }

    private async Task ConnectTransportAsync(CancellationToken cancellationToken)
    {
        try
        {
            var addresses = IPAddress.TryParse(Options.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(Options.Host, cancellationToken).ConfigureAwait(false);
            SocketException? last = null;
            foreach (var address in addresses)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                _socket = socket;
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, Options.Port), cancellationToken).ConfigureAwait(false);
                    last = null;
                    break;
                }
                catch (SocketException ex)
                {
                    last = ex;
                    socket.Dispose();
                }
            }

            if (last is not null || addresses.Length == 0)
            {
                throw last ?? new SocketException((int)SocketError.HostNotFound);
            }
        }
        catch (SocketException ex)
        {
            throw new BinlogConnectionException($"Could not connect to {Options.Endpoint}: {ex.Message}. Check that the server is running and the address is right.", ex);
        }
        catch (ObjectDisposedException ex)
        {
            throw new BinlogConnectionException($"Could not connect to {Options.Endpoint}: the attempt was abandoned.", ex);
        }

        _channel = new PacketChannel(new NetworkStream(_socket!, ownsSocket: true), _watchdog);
    }

    private CapabilityFlags NegotiateCapabilities(CapabilityFlags server)
    {
        if ((server & CapabilityFlags.Protocol41) == 0)
        {
            throw new BinlogProtocolException($"The server at {Options.Endpoint} does not speak protocol 4.1, which this client requires.");
        }

        var wanted = CapabilityFlags.LongPassword | CapabilityFlags.LongFlag | CapabilityFlags.Protocol41 |
            CapabilityFlags.Transactions | CapabilityFlags.SecureConnection | CapabilityFlags.MultiResults |
            CapabilityFlags.PluginAuth | CapabilityFlags.ConnectAttributes | CapabilityFlags.PluginAuthLengthEncodedClientData |
            CapabilityFlags.DeprecateEof;
        if (Options.TlsMode != BinlogTlsMode.Disabled && (server & CapabilityFlags.Ssl) != 0)
        {
            wanted |= CapabilityFlags.Ssl;
        }
        else if (Options.TlsMode >= BinlogTlsMode.Required)
        {
            throw new BinlogConnectionException($"TLS mode {Options.TlsMode} requires TLS, but the server at {Options.Endpoint} does not offer it. Enable TLS on the server or lower the TLS mode.");
        }

        return wanted & server;
    }

    private async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        using (var writer = new PayloadWriter(32))
        {
            HandshakeResponsePayload.WriteSslRequest(writer, _capabilities);
            await Channel.WritePayloadAsync(writer).ConfigureAwait(false);
        }

        var tls = new SslStream(Channel.Transport, leaveInnerStreamOpen: false);
        try
        {
            await tls.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions
                {
                    TargetHost = Options.Host,
                    RemoteCertificateValidationCallback = ValidateServerCertificate,
                    CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException ex)
        {
            throw new BinlogConnectionException(
                $"The TLS handshake with {Options.Endpoint} failed ({ex.Message}). With TLS mode {Options.TlsMode} the server certificate must chain to the configured CA{(Options.TlsMode == BinlogTlsMode.VerifyFull ? " and name the host" : string.Empty)}.",
                ex);
        }
        catch (IOException ex)
        {
            throw _watchdog.CreateIoFailure(ex, "negotiating TLS with");
        }

        Channel.ReplaceStream(tls);
        IsEncrypted = true;
    }

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (Options.TlsMode < BinlogTlsMode.VerifyCA)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        if (Options.TlsMode == BinlogTlsMode.VerifyFull && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        if (Options.TlsCaCertificatePem is null)
        {
            return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPem(Options.TlsCaCertificatePem);
        custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
        using var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            return authorities.Count > 0 && custom.Build(leaf);
        }
        finally
        {
            foreach (var authority in authorities)
            {
                authority.Dispose();
            }
        }
    }

    private async Task AuthenticateAsync(InitialHandshakePayload handshake)
    {
        var plugin = handshake.AuthPluginName;
        var nonce = handshake.Nonce;
        if (plugin is not (AuthenticationPluginNames.NativePassword or AuthenticationPluginNames.CachingSha2Password))
        {
            // Offer native; the server switches to the account's own plugin if that differs.
            plugin = AuthenticationPluginNames.NativePassword;
        }

        using (var writer = new PayloadWriter(128))
        {
            HandshakeResponsePayload.Write(writer, _capabilities, Options.User, ScrambleFor(plugin, nonce), plugin);
            await Channel.WritePayloadAsync(writer).ConfigureAwait(false);
        }

        var awaitingPublicKey = false;
        while (true)
        {
            var payload = await ReadPacketAsync().ConfigureAwait(false);
            switch (payload.Span[0])
            {
                case OkPayload.Signature:
                    AuthenticationPlugin = plugin;
                    return;
                case ErrorPayload.Signature:
                    ThrowIfError(payload.Span);
                    break;
                case AuthSwitchRequestPayload.Signature:
                    var request = AuthSwitchRequestPayload.Create(payload.Span);
                    plugin = request.PluginName;
                    nonce = request.Data;
                    await SendAuthDataAsync(ScrambleFor(plugin, nonce)).ConfigureAwait(false);
                    break;
                case AuthMoreDataPayload.Signature when plugin == AuthenticationPluginNames.CachingSha2Password:
                    var data = AuthMoreDataPayload.Create(payload.Span).Data;
                    if (awaitingPublicKey)
                    {
                        awaitingPublicKey = false;
                        await SendAuthDataAsync(CachingSha2Password.EncryptPassword(Options.Password, nonce, Encoding.ASCII.GetString(data))).ConfigureAwait(false);
                    }
                    else if (data.Length == 1 && data[0] == CachingSha2Password.FullAuthRequired)
                    {
                        awaitingPublicKey = await SendFullSha2AuthenticationAsync(nonce).ConfigureAwait(false);
                    }
                    else if (!(data.Length == 1 && data[0] == CachingSha2Password.FastAuthSuccess))
                    {
                        throw new BinlogProtocolException("Unexpected caching_sha2_password data from the server.");
                    }

                    break;
                default:
                    throw new BinlogProtocolException($"Unexpected packet 0x{payload.Span[0]:X2} during authentication with {plugin}.");
            }
        }
    }

    /// <summary>Full caching_sha2 authentication; returns true when the server's public key was requested.</summary>
    private async Task<bool> SendFullSha2AuthenticationAsync(byte[] nonce)
    {
        if (IsEncrypted)
        {
            await SendAuthDataAsync(CachingSha2Password.ClearTextPassword(Options.Password)).ConfigureAwait(false);
            return false;
        }

        if (Options.ServerRsaPublicKeyPem is { } key)
        {
            await SendAuthDataAsync(CachingSha2Password.EncryptPassword(Options.Password, nonce, key)).ConfigureAwait(false);
            return false;
        }

        if (Options.AllowPublicKeyRetrieval)
        {
            await SendAuthDataAsync([CachingSha2Password.PublicKeyRequest]).ConfigureAwait(false);
            return true;
        }

        throw new BinlogAuthenticationException(
            $"The server at {Options.Endpoint} needs caching_sha2_password full authentication for '{Options.User}', which cannot send the password over an unencrypted connection. " +
            "Enable TLS, set ServerRsaPublicKeyPem, or set AllowPublicKeyRetrieval.");
    }

    private byte[] ScrambleFor(string plugin, byte[] nonce) => plugin switch
    {
        AuthenticationPluginNames.NativePassword => NativePassword.Scramble(Options.Password, nonce),
        AuthenticationPluginNames.CachingSha2Password => CachingSha2Password.Scramble(Options.Password, nonce),
        _ => throw new BinlogAuthenticationException(
            $"The account '{Options.User}' on {Options.Endpoint} uses the authentication plugin '{plugin}', which this client does not support. " +
            "Use mysql_native_password or caching_sha2_password for the replication account."),
    };

    private async Task SendAuthDataAsync(byte[] data)
    {
        using var writer = new PayloadWriter(data.Length);
        writer.WriteBytes(data);
        await Channel.WritePayloadAsync(writer).ConfigureAwait(false);
    }
}
