using System.Security.Cryptography;
using System.Text;

namespace Serverless.Binlog.Authentication;

/// <summary>
/// <c>mysql_native_password</c> (shared reference §1.6):
/// <c>SHA1(password) XOR SHA1(nonce + SHA1(SHA1(password)))</c>; an empty password sends no bytes.
/// </summary>
#pragma warning disable CA5350 // The protocol defines this scramble with SHA-1; it is not our choice of hash.
internal static class NativePassword
{
    public static byte[] Scramble(string password, ReadOnlySpan<byte> nonce)
    {
        if (password.Length == 0)
        {
            return [];
        }

        var hashed = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var doubleHashed = SHA1.HashData(hashed);
        var salt = TrimNonce(nonce);
        var input = new byte[salt.Length + doubleHashed.Length];
        salt.CopyTo(input);
        doubleHashed.CopyTo(input, salt.Length);
        var mask = SHA1.HashData(input);
        for (var i = 0; i < hashed.Length; i++)
        {
            hashed[i] ^= mask[i];
        }

        return hashed;
    }

    /// <summary>Nonces arrive with a trailing NUL in switch requests; the scramble uses the first 20 bytes.</summary>
    internal static ReadOnlySpan<byte> TrimNonce(ReadOnlySpan<byte> nonce) =>
        nonce.Length > 20 ? nonce[..20] : nonce;
}
#pragma warning restore CA5350
