using System.Security.Cryptography;
using System.Text;

namespace Serverless.Binlog.Authentication;

/// <summary>
/// <c>caching_sha2_password</c> (shared reference §1.6). The first response is
/// <c>SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + nonce)</c>; the server then answers "fast auth ok" (<c>01 03</c>)
/// or "full auth needed" (<c>01 04</c>). Full authentication sends the password in clear over TLS or a Unix socket,
/// and otherwise RSA-encrypted (OAEP, SHA-1) with the server's public key after XOR with the repeated nonce.
/// </summary>
internal static class CachingSha2Password
{
    public const byte FastAuthSuccess = 3;
    public const byte FullAuthRequired = 4;
    public const byte PublicKeyRequest = 2;

    public static byte[] Scramble(string password, ReadOnlySpan<byte> nonce)
    {
        if (password.Length == 0)
        {
            return [];
        }

        var hashed = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var doubleHashed = SHA256.HashData(hashed);
        var salt = NativePassword.TrimNonce(nonce);
        var input = new byte[doubleHashed.Length + salt.Length];
        doubleHashed.CopyTo(input, 0);
        salt.CopyTo(input.AsSpan(doubleHashed.Length));
        var mask = SHA256.HashData(input);
        for (var i = 0; i < hashed.Length; i++)
        {
            hashed[i] ^= mask[i];
        }

        return hashed;
    }

    /// <summary>The password with its NUL terminator, as sent in clear over a secure transport.</summary>
    public static byte[] ClearTextPassword(string password)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(password) + 1];
        Encoding.UTF8.GetBytes(password, bytes);
        return bytes;
    }

    public static byte[] EncryptPassword(string password, ReadOnlySpan<byte> nonce, string publicKeyPem)
    {
        var plain = ClearTextPassword(password);
        var salt = NativePassword.TrimNonce(nonce);
        for (var i = 0; i < plain.Length; i++)
        {
            plain[i] ^= salt[i % salt.Length];
        }

        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(publicKeyPem);
        }
        catch (ArgumentException ex)
        {
            throw new BinlogAuthenticationException("The server's RSA public key for caching_sha2_password is not a valid PEM key.", ex);
        }

        return rsa.Encrypt(plain, RSAEncryptionPadding.OaepSHA1);
    }
}
