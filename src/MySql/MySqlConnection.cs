using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Serverless.MySql.Authentication;
using Serverless.MySql.Protocol;

namespace Serverless.MySql;

/// <summary>
/// One session with a MySQL or MariaDB server over the text protocol. Not thread-safe: one command at a time,
/// and a <see cref="MySqlDataReader"/> must be disposed before the next command.
/// </summary>
/// <remarks>
/// Cancellation and the command timeout stop a running statement with <c>KILL QUERY</c> from a side connection,
/// which leaves this connection usable. A server that stops answering is cut off after a grace period so that no
/// call ever hangs; the connection then reports <see cref="IsBroken"/>.
/// </remarks>
public sealed class MySqlConnection : IAsyncDisposable
{
    private const byte ComQuit = 0x01;
    private const byte ComInitDb = 0x02;
    private const byte ComQuery = 0x03;
    private const byte ComPing = 0x0E;
    private const byte ComResetConnection = 0x1F;
    private const int LocalInfileChunk = 1024 * 1024 - 64;
    private static readonly TimeSpan SideConnectionTimeout = TimeSpan.FromSeconds(5);

    private readonly IoWatchdog _watchdog;
    private Socket? _socket;
    private PacketChannel? _channel;
    private CapabilityFlags _capabilities;
    private MySqlDataReader? _activeReader;
    private Stream? _localInfile;
    private bool _interruptObserved;
    private bool _broken;
    private bool _disposed;

    private MySqlConnection(MySqlConnectionOptions options)
    {
        Options = options;
        _watchdog = new IoWatchdog(options.Endpoint, KillQueryAsync, () => _socket?.Dispose());
    }

    public MySqlConnectionOptions Options { get; }

    /// <summary>The server's version string, without MariaDB's <c>5.5.5-</c> replication prefix.</summary>
    public string ServerVersion { get; private set; } = string.Empty;

    public bool IsMariaDb { get; private set; }

    /// <summary>The server's id for this session, as used by <c>KILL</c> and shown in the process list.</summary>
    public uint ConnectionId { get; private set; }

    /// <summary>The session is encrypted with TLS.</summary>
    public bool IsEncrypted { get; private set; }

    /// <summary>The authentication plugin that admitted this session.</summary>
    public string AuthenticationPlugin { get; private set; } = string.Empty;

    /// <summary>The status flags of the server's latest OK or EOF packet.</summary>
    public MySqlServerStatus ServerStatus { get; private set; }

    /// <summary>The session runs with <c>NO_BACKSLASH_ESCAPES</c>; parameters are escaped accordingly.</summary>
    public bool NoBackslashEscapes => (ServerStatus & MySqlServerStatus.NoBackslashEscapes) != 0;

    /// <summary>The connection was lost or cut off and can no longer be used.</summary>
    public bool IsBroken => _broken || _watchdog.Aborted;

    internal bool HasActiveReader => _activeReader is not null;

    internal bool UsesDeprecateEof => (_capabilities & CapabilityFlags.DeprecateEof) != 0;

    internal PacketChannel Channel => _channel ?? throw new ObjectDisposedException(nameof(MySqlConnection));

    /// <summary>Opens and authenticates a new connection.</summary>
    /// <exception cref="MySqlConnectionException">The server cannot be reached or TLS cannot be set up.</exception>
    /// <exception cref="MySqlServerException">The server refused the login (e.g. 1045 access denied).</exception>
    /// <exception cref="MySqlAuthenticationException">The account uses an authentication plugin this client does not support.</exception>
    /// <exception cref="MySqlTimeoutException">The connection was not established within <see cref="MySqlConnectionOptions.ConnectTimeout"/>.</exception>
    public static async Task<MySqlConnection> OpenAsync(MySqlConnectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        var connection = new MySqlConnection(options);
        try
        {
            await connection.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            // The session never opened: close the socket without COM_QUIT, which a server still mid-authentication would take as auth data.
            connection.MarkBroken();
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs one or more statements and streams their results.</summary>
    public Task<MySqlDataReader> QueryAsync(string sql, CancellationToken cancellationToken = default) =>
        QueryCoreAsync(sql, null, null, cancellationToken);

    /// <summary>Runs statements whose <c>?</c> placeholders are replaced by the escaped <paramref name="parameters"/>.</summary>
    public Task<MySqlDataReader> QueryAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken = default) =>
        QueryCoreAsync(sql, parameters ?? throw new ArgumentNullException(nameof(parameters)), null, cancellationToken);

    /// <summary>Runs statements, discards any rows, and returns the summed OK information.</summary>
    public Task<MySqlResult> ExecuteAsync(string sql, CancellationToken cancellationToken = default) =>
        ExecuteCoreAsync(sql, null, null, cancellationToken);

    /// <inheritdoc cref="ExecuteAsync(string, CancellationToken)"/>
    public Task<MySqlResult> ExecuteAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken cancellationToken = default) =>
        ExecuteCoreAsync(sql, parameters ?? throw new ArgumentNullException(nameof(parameters)), null, cancellationToken);

    /// <summary>Returns the first column of the first row of the first result, or null.</summary>
    public async Task<object?> ExecuteScalarAsync(string sql, IReadOnlyList<object?>? parameters = null, CancellationToken cancellationToken = default)
    {
        await using var reader = await QueryCoreAsync(sql, parameters, null, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.FieldCount > 0 ? reader.GetValue(0) : null;
    }

    /// <summary>
    /// Runs a <c>LOAD DATA LOCAL INFILE</c> statement and answers the server's file request with <paramref name="data"/>.
    /// The client never opens a path the server names. If <paramref name="data"/> fails or the call is cancelled
    /// part-way, the connection is closed instead of ending the upload, so the server rolls the statement back
    /// rather than committing a partial load.
    /// </summary>
    public Task<MySqlResult> LoadDataLocalInfileAsync(string sql, Stream data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return ExecuteCoreAsync(sql, null, data, cancellationToken);
    }

    /// <summary>Checks that the server answers (COM_PING).</summary>
    public Task PingAsync(CancellationToken cancellationToken = default) => SimpleCommandAsync(ComPing, null, cancellationToken);

    /// <summary>Resets session state (variables, temporary tables, transactions) without re-authenticating (COM_RESET_CONNECTION).</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) => SimpleCommandAsync(ComResetConnection, null, cancellationToken);

    /// <summary>Changes the default database (COM_INIT_DB).</summary>
    public Task ChangeDatabaseAsync(string database, CancellationToken cancellationToken = default) =>
        SimpleCommandAsync(ComInitDb, database ?? throw new ArgumentNullException(nameof(database)), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_channel is not null && !IsBroken && _activeReader is null)
        {
            try
            {
                using var writer = new PayloadWriter(1);
                writer.WriteByte(ComQuit);
                _channel.ResetSequence();
                using var quitTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _channel.WritePayloadAsync(writer).AsTask().WaitAsync(quitTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MySqlException or OperationCanceledException or IOException)
            {
                // The server goes away on QUIT anyway; nothing to report.
            }
        }

        _broken = true;
        _watchdog.Abort();
        _channel?.Dispose();
        _socket?.Dispose();
        _watchdog.Dispose();
    }

    internal void MarkBroken()
    {
        _broken = true;
        _watchdog.Abort();
    }

    internal void UpdateStatus(MySqlServerStatus status) => ServerStatus = status;

    /// <summary>Makes <paramref name="cancellationToken"/> interrupt the running statement while the returned registration lives.</summary>
    internal CancellationTokenRegistration RegisterCaller(CancellationToken cancellationToken) => _watchdog.RegisterCaller(cancellationToken);

    /// <summary>The exception for an ERR packet; a statement stopped by our own KILL QUERY surfaces as cancellation or timeout.</summary>
    internal Exception CreateServerException(ReadOnlySpan<byte> payload)
    {
        var error = ErrorPayload.Create(payload);
        var serverException = new MySqlServerException(error.ErrorCode, error.SqlState, error.Message);
        if (error.ErrorCode != MySqlErrorCode.QueryInterrupted || _watchdog.KillTask is null)
        {
            return serverException;
        }

        _interruptObserved = true;
        if (_watchdog.Cancelled)
        {
            return new OperationCanceledException($"The statement on {Options.Endpoint} was cancelled; the server stopped it.", serverException, _watchdog.UserToken);
        }

        return new MySqlTimeoutException(
            $"The statement on {Options.Endpoint} sent nothing for {IoWatchdog.Describe(Options.CommandTimeout)} (the command timeout), so the server was told to stop it. The connection is still usable.",
            serverException);
    }

    /// <summary>Answers a LOCAL INFILE request (shared reference §2.5) and returns whether the stream was sent.</summary>
    internal async ValueTask<bool> AnswerLocalInfileAsync(ReadOnlyMemory<byte> requestPayload, CancellationToken cancellationToken)
    {
        var request = LocalInfileRequestPayload.Create(requestPayload.Span);
        var data = _localInfile;
        _localInfile = null;
        var packet = new byte[PayloadWriter.HeaderSize + LocalInfileChunk];
        if (data is not null)
        {
            try
            {
                while (true)
                {
                    var read = await data.ReadAsync(packet.AsMemory(PayloadWriter.HeaderSize), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    await Channel.WritePacketAsync(packet.AsMemory(0, PayloadWriter.HeaderSize + read)).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not MySqlException)
            {
                // Ending the upload normally would let the server commit a partial load; cutting the connection rolls it back.
                MarkBroken();
                if (ex is OperationCanceledException)
                {
                    throw;
                }

                throw new IOException($"Reading the data for LOAD DATA LOCAL INFILE '{request.FileName}' failed; the statement was abandoned and the connection closed.", ex);
            }
        }

        await Channel.WritePacketAsync(packet.AsMemory(0, PayloadWriter.HeaderSize)).ConfigureAwait(false);
        return data is not null;
    }

    /// <summary>Ends the command started by <see cref="BeginCommand"/>; called once its last result has been read.</summary>
    internal async ValueTask EndCommandAsync(MySqlDataReader? reader)
    {
        if (reader is not null && ReferenceEquals(_activeReader, reader))
        {
            _activeReader = null;
        }

        _localInfile = null;
        var kill = _watchdog.End();
        if (kill is null || _interruptObserved || IsBroken)
        {
            return;
        }

        // The statement finished before our KILL QUERY arrived, which would otherwise hit the next statement.
        await kill.ConfigureAwait(false);
        try
        {
            await ExecuteCoreAsync("DO SLEEP(0)", null, null, CancellationToken.None).ConfigureAwait(false);
        }
        catch (MySqlServerException ex) when (ex.ErrorCode == MySqlErrorCode.QueryInterrupted)
        {
            // Absorbed the late kill.
        }
    }

    private async Task<MySqlResult> ExecuteCoreAsync(string sql, IReadOnlyList<object?>? parameters, Stream? localInfile, CancellationToken cancellationToken)
    {
        await using var reader = await QueryCoreAsync(sql, parameters, localInfile, cancellationToken).ConfigureAwait(false);
        while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
        {
        }

        return reader.Summary;
    }

    private async Task<MySqlDataReader> QueryCoreAsync(string sql, IReadOnlyList<object?>? parameters, Stream? localInfile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sql);
        using var writer = new PayloadWriter(sql.Length + 16);
        writer.WriteByte(ComQuery);
        if (parameters is null)
        {
            writer.WriteUtf8(sql);
        }
        else
        {
            SqlParameterBinder.Write(writer, sql, parameters, NoBackslashEscapes);
        }

        BeginCommand(cancellationToken);
        _localInfile = localInfile;
        var reader = new MySqlDataReader(this);
        _activeReader = reader;
        try
        {
            Channel.ResetSequence();
            await Channel.WritePayloadAsync(writer).ConfigureAwait(false);
            await reader.ReadFirstResultAsync(cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task SimpleCommandAsync(byte command, string? argument, CancellationToken cancellationToken)
    {
        using var writer = new PayloadWriter(16);
        writer.WriteByte(command);
        if (argument is not null)
        {
            writer.WriteUtf8(argument);
        }

        BeginCommand(cancellationToken);
        try
        {
            Channel.ResetSequence();
            await Channel.WritePayloadAsync(writer).ConfigureAwait(false);
            var payload = await Channel.ReadPayloadAsync().ConfigureAwait(false);
            switch (payload.Span[0])
            {
                case OkPayload.Signature:
                    UpdateStatus(OkPayload.Create(payload.Span).Status);
                    break;
                case ErrorPayload.Signature:
                    throw CreateServerException(payload.Span);
                default:
                    MarkBroken();
                    throw new MySqlProtocolException($"Unexpected reply 0x{payload.Span[0]:X2} to command 0x{command:X2}.");
            }
        }
        catch (Exception ex) when (ex is MySqlConnectionException or MySqlProtocolException)
        {
            MarkBroken();
            throw;
        }
        finally
        {
            await EndCommandAsync(null).ConfigureAwait(false);
        }
    }

    private void BeginCommand(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (IsBroken)
        {
            throw new MySqlConnectionException($"The connection to {Options.Endpoint} is broken after an earlier failure; open a new connection.");
        }

        if (_activeReader is not null)
        {
            throw new InvalidOperationException("This connection is still reading a result; dispose the MySqlDataReader before running another command.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        _interruptObserved = false;
        _watchdog.BeginCommand(Options.CommandTimeout, cancellationToken);
    }

    private async Task KillQueryAsync()
    {
        var sideOptions = Options with
        {
            Database = null,
            ConnectTimeout = Options.ConnectTimeout < SideConnectionTimeout ? Options.ConnectTimeout : SideConnectionTimeout,
            CommandTimeout = SideConnectionTimeout,
        };
        await using var side = await OpenAsync(sideOptions, CancellationToken.None).ConfigureAwait(false);
        await side.ExecuteAsync($"KILL QUERY {ConnectionId}", CancellationToken.None).ConfigureAwait(false);
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _watchdog.BeginConnect(Options.ConnectTimeout, cancellationToken);
        try
        {
            await ConnectTransportAsync(cancellationToken).ConfigureAwait(false);
            var payload = await Channel.ReadPayloadAsync().ConfigureAwait(false);
            if (payload.Span[0] == ErrorPayload.Signature)
            {
                throw CreateServerException(payload.Span);
            }

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
            throw new MySqlTimeoutException($"Could not connect to {Options.Endpoint} within {IoWatchdog.Describe(Options.ConnectTimeout)} (the connect timeout).", ex);
        }
        catch (Exception ex) when (_watchdog.Cancelled && ex is not OperationCanceledException)
        {
            throw new OperationCanceledException($"Connecting to {Options.Endpoint} was cancelled.", ex, cancellationToken);
        }
        finally
        {
            _ = _watchdog.End();
        }
    }

    private async Task ConnectTransportAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (Options.UnixSocketPath is { } path)
            {
                _socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await _socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            }
            else
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
        }
        catch (SocketException ex)
        {
            throw new MySqlConnectionException($"Could not connect to {Options.Endpoint}: {ex.Message}. Check that the server is running and the address is right.", ex);
        }
        catch (ObjectDisposedException ex)
        {
            throw new MySqlConnectionException($"Could not connect to {Options.Endpoint}: the attempt was abandoned.", ex);
        }

        _channel = new PacketChannel(new NetworkStream(_socket!, ownsSocket: true), _watchdog);
    }

    private CapabilityFlags NegotiateCapabilities(CapabilityFlags server)
    {
        if ((server & CapabilityFlags.Protocol41) == 0)
        {
            throw new MySqlProtocolException($"The server at {Options.Endpoint} does not speak protocol 4.1, which this client requires.");
        }

        var wanted = CapabilityFlags.LongPassword | CapabilityFlags.LongFlag | CapabilityFlags.LocalFiles |
            CapabilityFlags.Protocol41 | CapabilityFlags.Transactions | CapabilityFlags.SecureConnection |
            CapabilityFlags.MultiResults | CapabilityFlags.PreparedStatementMultiResults | CapabilityFlags.PluginAuth |
            CapabilityFlags.ConnectAttributes | CapabilityFlags.PluginAuthLengthEncodedClientData | CapabilityFlags.DeprecateEof;
        if (Options.AllowMultipleStatements)
        {
            wanted |= CapabilityFlags.MultiStatements;
        }

        if (!string.IsNullOrEmpty(Options.Database))
        {
            wanted |= CapabilityFlags.ConnectWithDatabase;
        }

        var useTls = Options.TlsMode != MySqlTlsMode.Disabled && Options.UnixSocketPath is null;
        if (useTls && (server & CapabilityFlags.Ssl) != 0)
        {
            wanted |= CapabilityFlags.Ssl;
        }
        else if (Options.TlsMode >= MySqlTlsMode.Required && Options.UnixSocketPath is null)
        {
            throw new MySqlConnectionException($"TLS mode {Options.TlsMode} requires TLS, but the server at {Options.Endpoint} does not offer it. Enable TLS on the server or lower the TLS mode.");
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
            throw new MySqlConnectionException(
                $"The TLS handshake with {Options.Endpoint} failed ({ex.Message}). With TLS mode {Options.TlsMode} the server certificate must chain to the configured CA{(Options.TlsMode == MySqlTlsMode.VerifyFull ? " and name the host" : string.Empty)}.",
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
        if (Options.TlsMode < MySqlTlsMode.VerifyCA)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        var nameMismatch = (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0;
        if (Options.TlsMode == MySqlTlsMode.VerifyFull && nameMismatch)
        {
            return false;
        }

        if (Options.TlsCaCertificatePath is null)
        {
            return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(Options.TlsCaCertificatePath);
        custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
        using var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        try
        {
            return custom.Build(leaf);
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
            HandshakeResponsePayload.Write(writer, _capabilities, Options.User, ScrambleFor(plugin, nonce), Options.Database, plugin);
            await Channel.WritePayloadAsync(writer).ConfigureAwait(false);
        }

        var awaitingPublicKey = false;
        while (true)
        {
            var payload = await Channel.ReadPayloadAsync().ConfigureAwait(false);
            switch (payload.Span[0])
            {
                case OkPayload.Signature:
                    UpdateStatus(OkPayload.Create(payload.Span).Status);
                    AuthenticationPlugin = plugin;
                    return;
                case ErrorPayload.Signature:
                    throw CreateServerException(payload.Span);
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
                        await SendAuthDataAsync(CachingSha2Password.EncryptPassword(Options.Password, nonce, System.Text.Encoding.ASCII.GetString(data))).ConfigureAwait(false);
                    }
                    else if (data.Length == 1 && data[0] == CachingSha2Password.FullAuthRequired)
                    {
                        awaitingPublicKey = await SendFullSha2AuthenticationAsync(nonce).ConfigureAwait(false);
                    }
                    else if (!(data.Length == 1 && data[0] == CachingSha2Password.FastAuthSuccess))
                    {
                        throw new MySqlProtocolException("Unexpected caching_sha2_password data from the server.");
                    }

                    break;
                default:
                    throw new MySqlProtocolException($"Unexpected packet 0x{payload.Span[0]:X2} during authentication with {plugin}.");
            }
        }
    }

    /// <summary>Full caching_sha2 authentication; returns true when the server's public key was requested.</summary>
    private async Task<bool> SendFullSha2AuthenticationAsync(byte[] nonce)
    {
        if (IsEncrypted || Options.UnixSocketPath is not null)
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

        throw new MySqlAuthenticationException(
            $"The server at {Options.Endpoint} needs caching_sha2_password full authentication for '{Options.User}', which cannot send the password over an unencrypted connection. " +
            "Enable TLS, connect over a Unix socket, set ServerRsaPublicKeyPem, or set AllowPublicKeyRetrieval.");
    }

    private byte[] ScrambleFor(string plugin, byte[] nonce) => plugin switch
    {
        AuthenticationPluginNames.NativePassword => NativePassword.Scramble(Options.Password, nonce),
        AuthenticationPluginNames.CachingSha2Password => CachingSha2Password.Scramble(Options.Password, nonce),
        _ => throw new MySqlAuthenticationException(
            $"The account '{Options.User}' on {Options.Endpoint} uses the authentication plugin '{plugin}', which this client does not support. " +
            "Use mysql_native_password or caching_sha2_password for this account."),
    };

    private async Task SendAuthDataAsync(byte[] data)
    {
        using var writer = new PayloadWriter(data.Length);
        writer.WriteBytes(data);
        await Channel.WritePayloadAsync(writer).ConfigureAwait(false);
    }
}
