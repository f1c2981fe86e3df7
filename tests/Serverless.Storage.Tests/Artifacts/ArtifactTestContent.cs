using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Serverless.Storage.Artifacts;
using Xunit;

namespace Serverless.Storage.Tests.Artifacts;

/// <summary>Test content that compresses like table data: tab-separated rows of an id and groups of random digits.</summary>
internal static class ArtifactTestContent
{
    /// <summary>At least <paramref name="bytes"/> bytes of rows (cut to exactly that length), the same for the same seed.</summary>
    public static byte[] Rows(int bytes, int seed = 1)
    {
        var random = new Random(seed);
        var text = new StringBuilder(bytes + 256);
        for (var id = 1; text.Length < bytes; id++)
        {
            text.Append(id.ToString(CultureInfo.InvariantCulture)).Append('\t');
            for (var group = 0; group < 6; group++)
            {
                text.Append(random.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture)).Append(group < 5 ? '-' : '\n');
            }
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, bytes));
    }

    /// <summary>Every compression, each with and without encryption.</summary>
    public static TheoryData<ArtifactCompression, bool> EveryCompressionWithAndWithoutEncryption()
    {
        var data = new TheoryData<ArtifactCompression, bool>();
        foreach (var compression in Enum.GetValues<ArtifactCompression>())
        {
            data.Add(compression, false);
            data.Add(compression, true);
        }

        return data;
    }

    /// <summary>A 32-byte key filled from <paramref name="seed"/>.</summary>
    public static byte[] Key(byte seed)
    {
        var key = new byte[32];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(seed + (i * 7));
        }

        return key;
    }

    /// <summary>Lowercase hex SHA-256.</summary>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
