namespace Serverless.Binlog.Tests.Fakes;

/// <summary>What <see cref="FakeCachingSha2Server"/> does after the client's HandshakeResponse41 (shared reference §1.5, §1.6).</summary>
public enum FakeAuthScenario
{
    /// <summary>Cache hit: checks the SHA-256 scramble, then sends <c>01 03</c> and OK.</summary>
    FastAuth,

    /// <summary>
    /// Cache miss: sends <c>01 04</c>, then takes the password in clear over TLS, or RSA-encrypted without TLS
    /// (answering a <c>02</c> key request with <c>01</c> + PEM first).
    /// </summary>
    FullAuth,

    /// <summary>Switches the client to <c>mysql_native_password</c> with a fresh 20-byte nonce.</summary>
    SwitchToNative,

    /// <summary>Switches the client to <c>client_ed25519</c> (32-byte nonce), which the client does not speak.</summary>
    SwitchToUnsupported,
}
