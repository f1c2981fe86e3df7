using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Serverless.Binlog.Tests.Fakes;

/// <summary>
/// A stand-in for a MySQL 8 server whose default plugin is <c>caching_sha2_password</c>, which MariaDB 10.11 (our
/// test server) lacks. It listens on a loopback port and speaks just enough of the connection phase (shared reference
/// §1.1–§1.6) to drive each branch of the client's authentication; it answers any query with one row holding 1 and
/// closes on COM_QUIT. It records what the client sent so that tests can check how the password travelled.
/// A client that breaks the protocol (wrong sequence id, unexpected packet) gets ERR 1105 naming the problem, which is
/// also listed in <see cref="Faults"/>.
/// </summary>
/// <remarks>
/// The fake has its own framing and hashing, written from the reference rather than shared with the client, so that a
/// mistake in the client cannot be mirrored here and pass unnoticed. Packets of 16 MiB or more are not supported.
/// </remarks>
public sealed class FakeCachingSha2Server : IAsyncDisposable
{
    public const string ServerVersion = "8.4.0-fake";
    public const string UserName = "app";

    // Capability bits, shared reference §1.2. A MySQL server sets LONG_PASSWORD; MariaDB clears it.
    private const uint LongPassword = 0x1;
    private const uint LongFlag = 0x4;
    private const uint ConnectWithDatabase = 0x8;
    private const uint Protocol41 = 0x200;
    private const uint Ssl = 0x800;
    private const uint Transactions = 0x2000;
    private const uint SecureConnection = 0x8000;
    private const uint MultiStatements = 0x10000;
    private const uint MultiResults = 0x20000;
    private const uint PluginAuth = 0x80000;
    private const uint ConnectAttributes = 0x100000;
    private const uint PluginAuthLengthEncodedData = 0x200000;
    private const uint DeprecateEof = 0x1000000;

    private const int AccessDenied = 1045;
    private const int UnknownError = 1105;
    private static readonly TimeSpan SessionDrainTimeout = TimeSpan.FromSeconds(5);
    private static readonly Lazy<X509Certificate2> TlsCertificate = new(CreateSelfSignedCertificate);

    private readonly string _password;
    private readonly FakeAuthScenario _scenario;
    private readonly bool _offerTls;
    private readonly RSA _rsaKey = RSA.Create(2048);
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<Task> _sessions = [];
    private readonly List<string> _faults = [];
    private readonly Task _acceptLoop;
    private int _logins;
    private int _connectionIds;
    private int _disposed;
    private bool _receivedClearTextPassword;
    private bool _receivedPublicKeyRequest;
    private bool _receivedEncryptedPassword;
    private string? _clientPluginName;

    /// <param name="password">The account's password; the user is always <see cref="UserName"/>.</param>
    /// <param name="scenario">What the server does after the client's first response.</param>
    /// <param name="offerTls">Advertise SSL and accept an SSLRequest (self-signed certificate for CN=localhost).</param>
    public FakeCachingSha2Server(string password, FakeAuthScenario scenario, bool offerTls = false)
    {
        _password = password;
        _scenario = scenario;
        _offerTls = offerTls;
        PublicKeyPem = _rsaKey.ExportSubjectPublicKeyInfoPem();
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    /// <summary>The server's RSA-2048 public key (SubjectPublicKeyInfo PEM) used for full authentication without TLS.</summary>
    public string PublicKeyPem { get; }

    /// <summary>Sessions that authenticated successfully.</summary>
    public int Logins => Volatile.Read(ref _logins);

    /// <summary>A client sent the password as <c>pw + NUL</c> in clear (inside TLS, or — a fault — without it).</summary>
    public bool ReceivedClearTextPassword => Read(ref _receivedClearTextPassword);

    /// <summary>A client asked for the server's public key (<c>02</c>).</summary>
    public bool ReceivedPublicKeyRequest => Read(ref _receivedPublicKeyRequest);

    /// <summary>A client sent the password RSA-encrypted with <see cref="PublicKeyPem"/>.</summary>
    public bool ReceivedEncryptedPassword => Read(ref _receivedEncryptedPassword);

    /// <summary>The plugin named in the latest HandshakeResponse41.</summary>
    public string? ClientPluginName
    {
        get
        {
            lock (_lock)
            {
                return _clientPluginName;
            }
        }
    }

    /// <summary>Protocol violations seen from clients, in order.</summary>
    public IReadOnlyList<string> Faults
    {
        get
        {
            lock (_lock)
            {
                return [.. _faults];
            }
        }
    }

    /// <summary>Options that reach this server as <see cref="UserName"/>, without TLS and with short timeouts.</summary>
    public BinlogClientOptions ClientOptions(string password) => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        User = UserName,
        Password = password,
        ServerId = 9001,
        TlsMode = BinlogTlsMode.Disabled,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ReadTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>
    /// Stops listening and waits for open sessions to end (clients that went away are noticed at once), so that
    /// everything they sent is recorded; sessions still open after a few seconds are cut off. Safe to call twice.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _listener.Stop();
        await _acceptLoop;
        Task[] sessions;
        lock (_lock)
        {
            sessions = [.. _sessions];
        }

        try
        {
            await Task.WhenAll(sessions).WaitAsync(SessionDrainTimeout);
        }
        catch (TimeoutException)
        {
            await _stop.CancelAsync();
            await Task.WhenAll(sessions);
        }

        _stop.Dispose();
        _rsaKey.Dispose();
    }

    private static X509Certificate2 CreateSelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // A round trip through PKCS#12 gives a certificate whose private key SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // the listener was stopped
            }

            lock (_lock)
            {
                _sessions.Add(Task.Run(() => ServeAsync(client)));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var session = new Session(client.GetStream(), _stop.Token);
            await using (session)
            {
                try
                {
                    await RunSessionAsync(session);
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    // The client went away (always the case after COM_QUIT or a client-side failure) or the fake is stopping.
                }
                catch (Exception ex) when (ex is InvalidDataException or AuthenticationException)
                {
                    lock (_lock)
                    {
                        _faults.Add(ex.Message);
                    }

                    await TryWriteErrorAsync(session, UnknownError, "HY000", $"Fake server: {ex.Message}");
                }
            }
        }
    }

    private async Task RunSessionAsync(Session session)
    {
        // Initial Handshake v10, §1.3.
        var nonce = CreateNonce(20);
        await session.WriteAsync(InitialHandshake(nonce));

        // SSLRequest (32 bytes, SSL bit set), then TLS and the full response with the next sequence id, §1.4.
        var packet = await session.ReadAsync();
        if (packet.Length == 32 && (BinaryPrimitives.ReadUInt32LittleEndian(packet) & Ssl) != 0)
        {
            if (!_offerTls)
            {
                throw new InvalidDataException("The client sent an SSLRequest although the server did not offer SSL.");
            }

            await session.StartTlsAsync(TlsCertificate.Value);
            packet = await session.ReadAsync();
        }

        var response = ParseHandshakeResponse(packet, session.IsTls);
        lock (_lock)
        {
            _clientPluginName = response.PluginName;
        }

        var authenticated = _scenario switch
        {
            FakeAuthScenario.FastAuth => await FastAuthenticateAsync(session, response, nonce),
            FakeAuthScenario.FullAuth => await FullAuthenticateAsync(session, nonce),
            FakeAuthScenario.SwitchToNative => await SwitchToNativePasswordAsync(session),
            FakeAuthScenario.SwitchToUnsupported => await SwitchToEd25519Async(session),
            _ => throw new InvalidOperationException($"Unknown scenario {_scenario}."),
        };

        if (!authenticated)
        {
            await session.WriteAsync(Error(AccessDenied, "28000", $"Access denied for user '{response.User}'@'localhost' (using password: YES)"));
            return;
        }

        Interlocked.Increment(ref _logins);
        await session.WriteAsync(Ok(0x00));
        await ServeCommandsAsync(session);
    }

    /// <summary>Cache hit, §1.6: the scramble must match, then <c>01 03</c> (fast auth ok) precedes the OK.</summary>
    private async Task<bool> FastAuthenticateAsync(Session session, HandshakeResponse response, byte[] nonce)
    {
        if (response.PluginName != "caching_sha2_password")
        {
            throw new InvalidDataException($"The client answered the caching_sha2_password handshake with plugin '{response.PluginName}'.");
        }

        if (!response.AuthResponse.AsSpan().SequenceEqual(ExpectedSha2Scramble(nonce)))
        {
            return false;
        }

        await session.WriteAsync([0x01, 0x03]);
        return true;
    }

    /// <summary>
    /// Cache miss, §1.6: <c>01 04</c>, then <c>pw + NUL</c> in clear over TLS; without TLS the password must come
    /// RSA-OAEP-SHA1 encrypted, <c>(pw + NUL) XOR nonce</c>, optionally after a <c>02</c> request for the key.
    /// A real server cannot check the scramble on a cache miss, so neither does the fake.
    /// </summary>
    private async Task<bool> FullAuthenticateAsync(Session session, byte[] nonce)
    {
        await session.WriteAsync([0x01, 0x04]);
        var packet = await session.ReadAsync();
        if (session.IsTls)
        {
            Set(ref _receivedClearTextPassword);
            return IsPasswordWithNul(packet);
        }

        if (packet is [0x02])
        {
            Set(ref _receivedPublicKeyRequest);
            await session.WriteAsync([0x01, .. Encoding.ASCII.GetBytes(PublicKeyPem)]);
            packet = await session.ReadAsync();
        }

        var keyBytes = _rsaKey.KeySize / 8;
        if (packet.Length != keyBytes)
        {
            if (packet is [.., 0])
            {
                Set(ref _receivedClearTextPassword);
            }

            throw new InvalidDataException($"Without TLS the password must arrive RSA-encrypted ({keyBytes} bytes); got {packet.Length} bytes.");
        }

        byte[] masked;
        try
        {
            masked = _rsaKey.Decrypt(packet, RSAEncryptionPadding.OaepSHA1);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidDataException("The encrypted password does not decrypt with the server's key using RSA-OAEP-SHA1.", ex);
        }

        Set(ref _receivedEncryptedPassword);
        for (var i = 0; i < masked.Length; i++)
        {
            masked[i] ^= nonce[i % nonce.Length];
        }

        return IsPasswordWithNul(masked);
    }

    /// <summary>AuthSwitchRequest to mysql_native_password with a fresh 20-byte nonce plus NUL, §1.5; the reply is the native scramble.</summary>
    private async Task<bool> SwitchToNativePasswordAsync(Session session)
    {
        var nonce = CreateNonce(20);
        await session.WriteAsync([0xFE, .. "mysql_native_password"u8, 0x00, .. nonce, 0x00]);
        var reply = await session.ReadAsync();
        return reply.AsSpan().SequenceEqual(ExpectedNativeScramble(nonce));
    }

    /// <summary>AuthSwitchRequest to client_ed25519 with a 32-byte nonce and no NUL, §1.5; the fake cannot check a signature.</summary>
    private static async Task<bool> SwitchToEd25519Async(Session session)
    {
        await session.WriteAsync([0xFE, .. "client_ed25519"u8, 0x00, .. CreateNonce(32)]);
        await session.ReadAsync();
        return false;
    }

    /// <summary>Command phase, §2.1–§2.3: COM_QUIT closes, COM_PING gets OK, COM_QUERY gets one row holding 1.</summary>
    private static async Task ServeCommandsAsync(Session session)
    {
        while (true)
        {
            session.ResetSequence();
            var command = await session.ReadAsync();
            switch (command)
            {
                case [0x01]:
                    return;
                case [0x0E]:
                    await session.WriteAsync(Ok(0x00));
                    break;
                case [0x03, ..]:
                    await WriteOneValueResultAsync(session);
                    break;
                default:
                    await session.WriteAsync(Error(1047, "08S01", "Unknown command"));
                    break;
            }
        }
    }

    /// <summary>
    /// Column count, one ColumnDefinition41 (BIGINT named "1"), one text row, and — DEPRECATE_EOF — an OK with header
    /// 0xFE instead of the EOF packets (§2.2).
    /// </summary>
    private static async Task WriteOneValueResultAsync(Session session)
    {
        await session.WriteAsync([0x01]);
        await session.WriteAsync(Build(writer =>
        {
            foreach (var text in new[] { "def", string.Empty, string.Empty, string.Empty, "1", string.Empty })
            {
                writer.Write((byte)text.Length);
                writer.Write(Encoding.ASCII.GetBytes(text));
            }

            writer.Write((byte)0x0C);
            writer.Write((ushort)63); // binary collation
            writer.Write(1u); // display length
            writer.Write((byte)8); // LONGLONG
            writer.Write((ushort)(0x1 | 0x80 | 0x8000)); // NOT_NULL | BINARY | NUM
            writer.Write((byte)0); // decimals
            writer.Write((ushort)0);
        }));
        await session.WriteAsync([0x01, (byte)'1']);
        await session.WriteAsync(Ok(0xFE));
    }

    private static async Task TryWriteErrorAsync(Session session, int code, string sqlState, string message)
    {
        try
        {
            await session.WriteAsync(Error(code, sqlState, message));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client is already gone; the fault is recorded.
        }
    }

    private uint ServerCapabilities =>
        LongPassword | LongFlag | ConnectWithDatabase | Protocol41 | Transactions | SecureConnection | MultiStatements |
        MultiResults | PluginAuth | ConnectAttributes | PluginAuthLengthEncodedData | DeprecateEof | (_offerTls ? Ssl : 0);

    private byte[] InitialHandshake(byte[] nonce) => Build(writer =>
    {
        var capabilities = ServerCapabilities;
        writer.Write((byte)0x0A);
        writer.Write(Encoding.ASCII.GetBytes(ServerVersion));
        writer.Write((byte)0);
        writer.Write((uint)Interlocked.Increment(ref _connectionIds));
        writer.Write(nonce, 0, 8);
        writer.Write((byte)0);
        writer.Write((ushort)capabilities);
        writer.Write((byte)255); // utf8mb4_0900_ai_ci, MySQL 8's default
        writer.Write((ushort)0x0002); // SERVER_STATUS_AUTOCOMMIT
        writer.Write((ushort)(capabilities >> 16));
        writer.Write((byte)(nonce.Length + 1));
        writer.Write(new byte[10]); // reserved, all zero on MySQL
        writer.Write(nonce, 8, 12);
        writer.Write((byte)0);
        writer.Write("caching_sha2_password"u8);
        writer.Write((byte)0);
    });

    /// <summary>HandshakeResponse41, §1.4. Connection attributes are not read.</summary>
    private HandshakeResponse ParseHandshakeResponse(byte[] packet, bool overTls)
    {
        if (packet.Length < 33)
        {
            throw new InvalidDataException($"A HandshakeResponse41 of {packet.Length} bytes is too short.");
        }

        var capabilities = BinaryPrimitives.ReadUInt32LittleEndian(packet);
        var unoffered = capabilities & ~ServerCapabilities;
        if (unoffered != 0)
        {
            throw new InvalidDataException($"The client set capabilities 0x{unoffered:X} that the server did not offer.");
        }

        const uint required = Protocol41 | SecureConnection | PluginAuth | DeprecateEof;
        if ((capabilities & required) != required || overTls != ((capabilities & Ssl) != 0))
        {
            throw new InvalidDataException($"The client capabilities 0x{capabilities:X} lack a flag this fake relies on, or disagree with the transport about SSL.");
        }

        var position = 4 + 4 + 1 + 23;
        var user = ReadNullTerminated(packet, ref position);
        var authLength = packet[position++]; // int<1>, or a lenenc that is one byte for anything below 251 bytes
        if (authLength >= 0xFB || position + authLength > packet.Length)
        {
            throw new InvalidDataException($"Auth response length {authLength} is not supported or overruns the packet.");
        }

        var authResponse = packet[position..(position + authLength)];
        position += authLength;
        if ((capabilities & ConnectWithDatabase) != 0)
        {
            ReadNullTerminated(packet, ref position);
        }

        var plugin = ReadNullTerminated(packet, ref position);
        return new HandshakeResponse(user, authResponse, plugin);
    }

    /// <summary><c>SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + nonce)</c>, or nothing for an empty password (§1.6).</summary>
    private byte[] ExpectedSha2Scramble(byte[] nonce)
    {
        if (_password.Length == 0)
        {
            return [];
        }

        var hashed = SHA256.HashData(Encoding.UTF8.GetBytes(_password));
        var mask = SHA256.HashData([.. SHA256.HashData(hashed), .. nonce]);
        return Xor(hashed, mask);
    }

    /// <summary><c>SHA1(pw) XOR SHA1(nonce + SHA1(SHA1(pw)))</c>, or nothing for an empty password (§1.6).</summary>
    private byte[] ExpectedNativeScramble(byte[] nonce)
    {
        if (_password.Length == 0)
        {
            return [];
        }

#pragma warning disable CA5350 // mysql_native_password is defined with SHA-1.
        var hashed = SHA1.HashData(Encoding.UTF8.GetBytes(_password));
        var mask = SHA1.HashData([.. nonce, .. SHA1.HashData(hashed)]);
#pragma warning restore CA5350
        return Xor(hashed, mask);
    }

    private bool IsPasswordWithNul(ReadOnlySpan<byte> bytes) =>
        bytes is [.. var password, 0] && password.SequenceEqual(Encoding.UTF8.GetBytes(_password));

    private bool Read(ref bool field)
    {
        lock (_lock)
        {
            return field;
        }
    }

    private void Set(ref bool field)
    {
        lock (_lock)
        {
            field = true;
        }
    }

    private static byte[] Xor(byte[] value, byte[] mask)
    {
        var result = new byte[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            result[i] = (byte)(value[i] ^ mask[i]);
        }

        return result;
    }

    /// <summary>Random nonce bytes in 1..127, as MySQL generates them (never NUL).</summary>
    private static byte[] CreateNonce(int length)
    {
        var nonce = new byte[length];
        for (var i = 0; i < length; i++)
        {
            nonce[i] = (byte)RandomNumberGenerator.GetInt32(1, 128);
        }

        return nonce;
    }

    private static string ReadNullTerminated(byte[] packet, ref int position)
    {
        var end = Array.IndexOf(packet, (byte)0, position);
        if (end < 0)
        {
            throw new InvalidDataException("A NUL-terminated string in the HandshakeResponse41 has no NUL.");
        }

        var text = Encoding.UTF8.GetString(packet, position, end - position);
        position = end + 1;
        return text;
    }

    /// <summary>OK with no rows, no insert id, AUTOCOMMIT status and no warnings (§2.2); header 0xFE ends a result set.</summary>
    private static byte[] Ok(byte header) => [header, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00];

    /// <summary>ERR: <c>FF int&lt;2&gt; code '#' SQLSTATE message</c> (§2.2).</summary>
    private static byte[] Error(int code, string sqlState, string message) => Build(writer =>
    {
        writer.Write((byte)0xFF);
        writer.Write((ushort)code);
        writer.Write((byte)'#');
        writer.Write(Encoding.ASCII.GetBytes(sqlState));
        writer.Write(Encoding.UTF8.GetBytes(message));
    });

    private static byte[] Build(Action<BinaryWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private sealed record HandshakeResponse(string User, byte[] AuthResponse, string PluginName);

    /// <summary>One client connection: framing (§1.1) with sequence ids checked on every packet, and the switch to TLS.</summary>
    private sealed class Session(Stream stream, CancellationToken stop) : IAsyncDisposable
    {
        private Stream _stream = stream;
        private byte _sequence;

        public bool IsTls => _stream is SslStream;

        public void ResetSequence() => _sequence = 0;

        public async Task<byte[]> ReadAsync()
        {
            var header = new byte[4];
            await _stream.ReadExactlyAsync(header, stop);
            var length = header[0] | (header[1] << 8) | (header[2] << 16);
            if (header[3] != _sequence)
            {
                throw new InvalidDataException($"Expected sequence id {_sequence}, got {header[3]} (payload length {length}).");
            }

            if (length == 0xFFFFFF)
            {
                throw new InvalidDataException("This fake does not accept payloads of 16 MiB or more.");
            }

            _sequence++;
            var payload = new byte[length];
            await _stream.ReadExactlyAsync(payload, stop);
            return payload;
        }

        public async Task WriteAsync(byte[] payload)
        {
            var packet = new byte[4 + payload.Length];
            packet[0] = (byte)payload.Length;
            packet[1] = (byte)(payload.Length >> 8);
            packet[2] = (byte)(payload.Length >> 16);
            packet[3] = _sequence++;
            payload.CopyTo(packet, 4);
            await _stream.WriteAsync(packet, stop);
            await _stream.FlushAsync(stop);
        }

        public async Task StartTlsAsync(X509Certificate2 certificate)
        {
            var tls = new SslStream(_stream, leaveInnerStreamOpen: false);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, stop);
            _stream = tls;
        }

        public ValueTask DisposeAsync() => _stream.DisposeAsync();
    }
}
