using System.Security.Cryptography;
using Serverless.Binlog.Authentication;
using Xunit;

namespace Serverless.Binlog.Tests.Protocol;

/// <summary>
/// How a password becomes auth bytes on the wire (shared reference §1.6) and stays out of text. Expected values are
/// computed here from the documented formulas and cross-checked against vectors from Python's hashlib.
/// </summary>
public sealed class PasswordHandlingTests
{
    private const string Password = "secret";

    /// <summary>Bytes 0x01..0x14, as a handshake nonce.</summary>
    private static readonly byte[] Nonce = Hex.Decode("0102030405060708090a0b0c0d0e0f1011121314");

    [Fact]
    public void NativeScramble_MatchesTheDocumentedFormula()
    {
#pragma warning disable CA5350 // mysql_native_password is defined with SHA-1.
        var hashed = SHA1.HashData("secret"u8);
        var mask = SHA1.HashData([.. Nonce, .. SHA1.HashData(hashed)]);
#pragma warning restore CA5350
        var expected = Xor(hashed, mask);

        Assert.Equal(Hex.Decode("b32bb3a583e1340c0a1108d58b1be49781ad8c2f"), expected);
        Assert.Equal(expected, NativePassword.Scramble(Password, Nonce));
    }

    [Fact]
    public void CachingSha2Scramble_MatchesTheDocumentedFormula()
    {
        var hashed = SHA256.HashData("secret"u8);
        var mask = SHA256.HashData([.. SHA256.HashData(hashed), .. Nonce]);
        var expected = Xor(hashed, mask);

        Assert.Equal(Hex.Decode("746ebe205d56a0707acb3e796e834e0dd7b1d61743b26bd5202c7a623230c7c9"), expected);
        Assert.Equal(expected, CachingSha2Password.Scramble(Password, Nonce));
    }

    [Fact]
    public void Scrambles_IgnoreTheNulThatEndsAnAuthSwitchNonce()
    {
        byte[] switchNonce = [.. Nonce, 0x00];

        Assert.Equal(NativePassword.Scramble(Password, Nonce), NativePassword.Scramble(Password, switchNonce));
        Assert.Equal(CachingSha2Password.Scramble(Password, Nonce), CachingSha2Password.Scramble(Password, switchNonce));
    }

    [Fact]
    public void Scrambles_OfAnEmptyPassword_AreEmpty()
    {
        Assert.Empty(NativePassword.Scramble(string.Empty, Nonce));
        Assert.Empty(CachingSha2Password.Scramble(string.Empty, Nonce));
    }

    [Fact]
    public void EncryptedPassword_DecryptsWithTheServerKey_ToPasswordAndNulMaskedByTheNonce()
    {
        // Longer than the nonce, so the mask must wrap around.
        const string longPassword = "a password longer than twenty bytes";
        using var serverKey = RSA.Create(2048);

        var encrypted = CachingSha2Password.EncryptPassword(longPassword, Nonce, serverKey.ExportSubjectPublicKeyInfoPem());

        var masked = serverKey.Decrypt(encrypted, RSAEncryptionPadding.OaepSHA1);
        for (var i = 0; i < masked.Length; i++)
        {
            masked[i] ^= Nonce[i % Nonce.Length];
        }

        Assert.Equal([.. System.Text.Encoding.UTF8.GetBytes(longPassword), 0x00], masked);
    }

    [Fact]
    public void ConnectionOptions_ToString_NeverContainsThePassword()
    {
        const string password = "Kettle-Marmalade-917";
        var options = new BinlogClientOptions { Host = "db.example", User = "app", Password = password, ServerId = 7 };

        var text = options.ToString();
        var copyText = (options with { ServerId = 8 }).ToString();

        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(password, copyText, StringComparison.Ordinal);
        Assert.Contains("User = app", text, StringComparison.Ordinal);
        Assert.Contains("Password = ***", text, StringComparison.Ordinal);
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
}
