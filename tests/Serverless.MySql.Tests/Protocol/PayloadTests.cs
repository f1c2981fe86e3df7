using Serverless.MySql.Protocol;
using Xunit;

namespace Serverless.MySql.Tests.Protocol;

/// <summary>The basic data types and the packets of the connection phase, parsed from bytes laid out as in the shared reference.</summary>
public sealed class PayloadTests
{
    /// <summary>Each width of a length-encoded integer (reference, "Conventions"), in its shortest form.</summary>
    public static TheoryData<string, ulong> LengthEncodedIntegers => new()
    {
        { "00", 0UL },
        { "fa", 250UL },
        { "fc fb 00", 251UL },
        { "fc ff ff", 0xFFFFUL },
        { "fd 00 00 01", 0x10000UL },
        { "fd ff ff ff", 0xFFFFFFUL },
        { "fe 00 00 00 01 00 00 00 00", 0x1000000UL },
        { "fe 08 07 06 05 04 03 02 01", 0x0102030405060708UL },
        { "fe ff ff ff ff ff ff ff ff", ulong.MaxValue },
    };

    [Theory]
    [MemberData(nameof(LengthEncodedIntegers))]
    public void LengthEncodedInteger_IsReadInEachWidth(string encoded, ulong value)
    {
        var reader = new PayloadReader(Hex.Decode(encoded + " 99"));

        Assert.Equal(value, reader.ReadLengthEncodedInteger());
        Assert.Equal(1, reader.Remaining); // the byte after the integer is left for the next field
    }

    [Theory]
    [MemberData(nameof(LengthEncodedIntegers))]
    public void LengthEncodedInteger_IsWrittenInTheShortestWidth(string encoded, ulong value)
    {
        using var writer = new PayloadWriter();

        writer.WriteLengthEncodedInteger(value);

        Assert.Equal(Hex.Decode(encoded), writer.Payload.ToArray());
    }

    [Fact]
    public void LengthEncodedInteger_StartingWith0xFF_IsRejected()
    {
        var failure = Assert.Throws<MySqlProtocolException>(() => new PayloadReader(Hex.Decode("ff 01 02")).ReadLengthEncodedInteger());

        Assert.Contains("0xFF", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fc 01")]
    [InlineData("fd 01 02")]
    [InlineData("fe 01 02 03 04 05 06 07")]
    public void LengthEncodedInteger_CutShort_IsRejected(string encoded)
    {
        Assert.Throws<MySqlProtocolException>(() => new PayloadReader(Hex.Decode(encoded)).ReadLengthEncodedInteger());
    }

    [Fact]
    public void Ok_FromMariaDb_ReadsTheLengthEncodedInfo()
    {
        // 1000 rows (fc e8 03), insert id 1000000 (fd 40 42 0f), AUTOCOMMIT, no warnings, info with a 0x26 length prefix.
        byte[] payload = [.. Hex.Decode("00 fc e8 03 fd 40 42 0f 02 00 00 00 26"), .. "Records: 2  Duplicates: 0  Warnings: 0"u8];

        var ok = OkPayload.Create(payload);

        Assert.Equal(1000UL, ok.AffectedRows);
        Assert.Equal(1000000UL, ok.LastInsertId);
        Assert.Equal(MySqlServerStatus.Autocommit, ok.Status);
        Assert.Equal(0, ok.Warnings);
        Assert.Equal("Records: 2  Duplicates: 0  Warnings: 0", ok.Info);
    }

    [Fact]
    public void Ok_FromMySql_ReadsTheInfoToTheEndOfThePacket()
    {
        byte[] payload = [.. Hex.Decode("00 01 05 03 00 01 00"), .. "Rows matched: 1  Changed: 1  Warnings: 1"u8];

        var ok = OkPayload.Create(payload);

        Assert.Equal(1UL, ok.AffectedRows);
        Assert.Equal(5UL, ok.LastInsertId);
        Assert.Equal(MySqlServerStatus.InTransaction | MySqlServerStatus.Autocommit, ok.Status);
        Assert.Equal(1, ok.Warnings);
        Assert.Equal("Rows matched: 1  Changed: 1  Warnings: 1", ok.Info);
    }

    [Fact]
    public void Ok_WithHeader0xFE_EndsAResultSetUnderDeprecateEof()
    {
        var ok = OkPayload.Create(Hex.Decode("fe 00 00 02 00 00 00"));

        Assert.Equal(0UL, ok.AffectedRows);
        Assert.Equal(MySqlServerStatus.Autocommit, ok.Status);
        Assert.Equal(string.Empty, ok.Info);
    }

    [Fact]
    public void Error_WithSqlState_ReadsCodeStateAndMessage()
    {
        byte[] payload = [.. Hex.Decode("ff 15 04 23"), .. "28000Access denied for user 'app'@'localhost' (using password: YES)"u8];

        var error = ErrorPayload.Create(payload);

        Assert.Equal(1045, error.ErrorCode);
        Assert.Equal("28000", error.SqlState);
        Assert.Equal("Access denied for user 'app'@'localhost' (using password: YES)", error.Message);
    }

    [Fact]
    public void Error_WithoutSqlState_DefaultsToHY000AndKeepsTheWholeMessage()
    {
        // Sent instead of the handshake, §1.3: no '#SQLSTATE' part.
        byte[] payload = [.. Hex.Decode("ff 10 04"), .. "Too many connections"u8];

        var error = ErrorPayload.Create(payload);

        Assert.Equal(1040, error.ErrorCode);
        Assert.Equal("HY000", error.SqlState);
        Assert.Equal("Too many connections", error.Message);
    }

    [Fact]
    public void InitialHandshake_FromMariaDb_StripsTheVersionPrefixAndReadsExtendedCapabilities()
    {
        // §1.3 as seen from MariaDB 10.11.19: caps 0x81fff7fe (bit 0 clear), collation 8, status 0x0002, auth data length 21,
        // six zero bytes and ext caps 0x1d in the reserved field, and mysql_native_password.
        byte[] payload =
        [
            0x0A, .. "5.5.5-10.11.19-MariaDB-0+deb12u1-log"u8, 0x00,
            .. Hex.Decode("2a 00 00 00"), // connection id 42
            .. "12345678"u8, 0x00,
            .. Hex.Decode("fe f7 08 02 00 ff 81 15"),
            .. Hex.Decode("00 00 00 00 00 00 1d 00 00 00"),
            .. "9abcdefghijk"u8, 0x00,
            .. "mysql_native_password"u8, 0x00,
        ];

        var handshake = InitialHandshakePayload.Create(payload);

        Assert.Equal("10.11.19-MariaDB-0+deb12u1-log", handshake.ServerVersion);
        Assert.True(handshake.IsMariaDb);
        Assert.Equal(42U, handshake.ConnectionId);
        Assert.Equal("123456789abcdefghijk"u8.ToArray(), handshake.Nonce);
        Assert.Equal(0x81fff7feU, (uint)handshake.Capabilities);
        Assert.Equal(0x1dU, handshake.MariaDbExtendedCapabilities);
        Assert.Equal(8, handshake.Collation);
        Assert.Equal("mysql_native_password", handshake.AuthPluginName);
    }

    [Fact]
    public void InitialHandshake_FromMySql_KeepsTheVersionAndHasNoExtendedCapabilities()
    {
        byte[] payload =
        [
            0x0A, .. "8.4.0"u8, 0x00,
            .. Hex.Decode("07 00 00 00"),
            .. "ABCDEFGH"u8, 0x00,
            .. Hex.Decode("ff ff ff 02 00 ff df 15"), // caps 0xdfffffff, collation 255, status 0x0002
            .. Hex.Decode("00 00 00 00 00 00 00 00 00 00"),
            .. "IJKLMNOPQRST"u8, 0x00,
            .. "caching_sha2_password"u8, 0x00,
        ];

        var handshake = InitialHandshakePayload.Create(payload);

        Assert.Equal("8.4.0", handshake.ServerVersion);
        Assert.False(handshake.IsMariaDb);
        Assert.Equal("ABCDEFGHIJKLMNOPQRST"u8.ToArray(), handshake.Nonce);
        Assert.Equal(0U, handshake.MariaDbExtendedCapabilities);
        Assert.Equal("caching_sha2_password", handshake.AuthPluginName);
    }
}
