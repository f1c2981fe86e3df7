using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Serverless.Storage.Artifacts;

/// <summary>
/// The header at the start of an encrypted artifact, and the key schedule it implies.
/// </summary>
/// <remarks>
/// <para>Layout (integers big-endian):</para>
/// <code>
///  0  4   magic "SLAE"
///  4  1   format version (1)
///  5  1   algorithm (1 = AES-256-GCM, per-artifact key from HKDF-SHA256)
///  6  4   plaintext bytes per chunk
/// 10  32  salt, random per artifact
/// 42  32  key commitment
/// 74  1   key id length n (1..255)
/// 75  n   key id, UTF-8
/// </code>
/// <para>
/// HKDF-SHA256 (RFC 5869) of the provider's key with the salt gives 64 bytes: the first 32 are this artifact's
/// AES-256 key, the last 32 are the key commitment. A fresh key per artifact lets chunk nonces be a plain
/// counter without any risk of reuse across artifacts under the same provider key, and the commitment tells a
/// wrong key apart from damaged data before any chunk is decrypted (GCM alone does not commit to its key).
/// </para>
/// <para>
/// The chunks follow: each is the AES-GCM ciphertext of <c>chunk size</c> plaintext bytes and its 16-byte tag;
/// the last chunk holds fewer than <c>chunk size</c> bytes (possibly none) and is always present. Chunk i is
/// sealed with nonce <c>00 00 00 00 || i (8 bytes)</c> and associated data <c>header || i (8 bytes) || final (1 byte)</c>,
/// so changing the header, reordering, dropping or cutting chunks fails authentication.
/// </para>
/// </remarks>
internal sealed class ArtifactEncryptionHeader
{
    /// <summary>The format version this code writes and reads.</summary>
    public const byte FormatVersion = 1;

    /// <summary>Bytes of the GCM tag after each chunk's ciphertext.</summary>
    public const int TagBytes = 16;

    /// <summary>Bytes of a GCM nonce.</summary>
    public const int NonceBytes = 12;

    /// <summary>The header bytes before the key id.</summary>
    public const int FixedBytes = 75;

    /// <summary>The smallest chunk size accepted.</summary>
    public const int MinChunkSize = 4 * 1024;

    /// <summary>The largest chunk size accepted: a reader allocates a chunk, so a header cannot make it allocate more.</summary>
    public const int MaxChunkSize = 16 * 1024 * 1024;

    /// <summary>Bytes the chunk index and final flag add to the header in each chunk's associated data.</summary>
    public const int AssociatedDataSuffixBytes = 9;

    private const byte AlgorithmAes256GcmHkdfSha256 = 1;
    private const int SaltBytes = 32;
    private const int CommitmentBytes = 32;
    private const int AesKeyBytes = 32;
    private const int ChunkSizeOffset = 6;
    private const int SaltOffset = 10;
    private const int CommitmentOffset = 42;
    private const int KeyIdLengthOffset = 74;

    private static readonly byte[] Magic = "SLAE"u8.ToArray();
    private static readonly byte[] KeyScheduleInfo = "Serverless.Storage.Artifacts v1 AES-256-GCM"u8.ToArray();

    private readonly byte[] _bytes;

    private ArtifactEncryptionHeader(byte[] bytes, string keyId, int chunkSize)
    {
        _bytes = bytes;
        KeyId = keyId;
        ChunkSize = chunkSize;
    }

    /// <summary>The id of the provider key the artifact is encrypted with.</summary>
    public string KeyId { get; }

    /// <summary>Plaintext bytes per chunk.</summary>
    public int ChunkSize { get; }

    /// <summary>The serialized header, as stored.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>A header for a new artifact: a fresh salt and the commitment of <paramref name="providerKey"/>.</summary>
    public static ArtifactEncryptionHeader Create(string keyId, int chunkSize, ReadOnlySpan<byte> providerKey)
    {
        StaticArtifactKeyProvider.ValidateKeyId(keyId);
        ValidateChunkSize(chunkSize);
        var keyIdBytes = Encoding.UTF8.GetBytes(keyId);
        var bytes = new byte[FixedBytes + keyIdBytes.Length];
        Magic.CopyTo(bytes, 0);
        bytes[4] = FormatVersion;
        bytes[5] = AlgorithmAes256GcmHkdfSha256;
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(ChunkSizeOffset), chunkSize);
        RandomNumberGenerator.Fill(bytes.AsSpan(SaltOffset, SaltBytes));
        bytes[KeyIdLengthOffset] = (byte)keyIdBytes.Length;
        keyIdBytes.CopyTo(bytes, FixedBytes);

        Span<byte> derived = stackalloc byte[AesKeyBytes + CommitmentBytes];
        Derive(providerKey, bytes.AsSpan(SaltOffset, SaltBytes), derived);
        derived[AesKeyBytes..].CopyTo(bytes.AsSpan(CommitmentOffset, CommitmentBytes));
        CryptographicOperations.ZeroMemory(derived);
        return new ArtifactEncryptionHeader(bytes, keyId, chunkSize);
    }

    /// <summary>The whole header's length, from its first <see cref="FixedBytes"/> bytes.</summary>
    /// <exception cref="InvalidDataException">They are not the start of a header this code reads.</exception>
    public static int GetLength(ReadOnlySpan<byte> fixedPart)
    {
        if (!fixedPart[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException("it does not start with the encrypted-artifact header");
        }

        if (fixedPart[4] != FormatVersion || fixedPart[5] != AlgorithmAes256GcmHkdfSha256)
        {
            throw new InvalidDataException($"its encryption format is version {fixedPart[4]}, algorithm {fixedPart[5]}; this code reads version {FormatVersion}, algorithm {AlgorithmAes256GcmHkdfSha256}");
        }

        var keyIdLength = fixedPart[KeyIdLengthOffset];
        if (keyIdLength == 0)
        {
            throw new InvalidDataException("its header has an empty key id");
        }

        return FixedBytes + keyIdLength;
    }

    /// <summary>Parses a whole header, as measured by <see cref="GetLength"/>.</summary>
    /// <exception cref="InvalidDataException">It is not a valid header.</exception>
    public static ArtifactEncryptionHeader Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < FixedBytes || GetLength(bytes) != bytes.Length)
        {
            throw new InvalidDataException("its header is cut short");
        }

        var chunkSize = BinaryPrimitives.ReadInt32BigEndian(bytes[ChunkSizeOffset..]);
        if (chunkSize is < MinChunkSize or > MaxChunkSize)
        {
            throw new InvalidDataException($"its header gives a chunk size of {chunkSize} bytes, outside {MinChunkSize}..{MaxChunkSize}");
        }

        string keyId;
        try
        {
            keyId = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes[FixedBytes..]);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException("its header's key id is not UTF-8", ex);
        }

        return new ArtifactEncryptionHeader(bytes.ToArray(), keyId, chunkSize);
    }

    /// <summary>The cipher for this artifact's chunks, or null when <paramref name="providerKey"/> is not the key the header commits to.</summary>
    public AesGcm? CreateCipher(ReadOnlySpan<byte> providerKey)
    {
        Span<byte> derived = stackalloc byte[AesKeyBytes + CommitmentBytes];
        try
        {
            Derive(providerKey, _bytes.AsSpan(SaltOffset, SaltBytes), derived);
            return CryptographicOperations.FixedTimeEquals(derived[AesKeyBytes..], _bytes.AsSpan(CommitmentOffset, CommitmentBytes))
                ? new AesGcm(derived[..AesKeyBytes], TagBytes)
                : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derived);
        }
    }

    /// <summary>A buffer for chunk associated data: the header followed by room for the chunk index and final flag.</summary>
    public byte[] CreateAssociatedData()
    {
        var data = new byte[_bytes.Length + AssociatedDataSuffixBytes];
        _bytes.CopyTo(data, 0);
        return data;
    }

    /// <summary>Fills in the nonce and the associated data suffix for chunk <paramref name="index"/>.</summary>
    public static void PrepareChunk(long index, bool final, Span<byte> nonce, Span<byte> associatedData)
    {
        nonce[..4].Clear();
        BinaryPrimitives.WriteInt64BigEndian(nonce[4..], index);
        var suffix = associatedData[^AssociatedDataSuffixBytes..];
        BinaryPrimitives.WriteInt64BigEndian(suffix, index);
        suffix[8] = final ? (byte)1 : (byte)0;
    }

    /// <summary>Throws when <paramref name="chunkSize"/> is outside the accepted range.</summary>
    public static void ValidateChunkSize(int chunkSize)
    {
        if (chunkSize is < MinChunkSize or > MaxChunkSize)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, $"The encryption chunk size must be {MinChunkSize}..{MaxChunkSize} bytes.");
        }
    }

    private static void Derive(ReadOnlySpan<byte> providerKey, ReadOnlySpan<byte> salt, Span<byte> output)
    {
        if (providerKey.Length != StaticArtifactKeyProvider.KeyBytes)
        {
            throw new CryptographicException($"An artifact key must be {StaticArtifactKeyProvider.KeyBytes} bytes.");
        }

        HKDF.DeriveKey(HashAlgorithmName.SHA256, providerKey, output, salt, KeyScheduleInfo);
    }
}
