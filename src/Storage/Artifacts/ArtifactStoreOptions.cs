namespace Serverless.Storage.Artifacts;

/// <summary>How an <see cref="ArtifactStore"/> writes and reads artifacts.</summary>
public sealed record ArtifactStoreOptions
{
    /// <summary>The default plaintext bytes per encrypted chunk: 1 MiB.</summary>
    public const int DefaultEncryptionChunkSize = 1024 * 1024;

    /// <summary>
    /// How new artifacts are compressed. Brotli (quality 1) by default: measured with
    /// <c>bench/run.sh compression-study</c> on 200 MB of sbtest-like rows on the 2-core build machine, one
    /// thread, it compresses at 327 MB/s per CPU second to 45.7 % of the original, where zlib level 1 reaches
    /// 162 MB/s at 76.8 % and the zlib levels that store about 49 % stay at or under 108 MB/s. Only Brotli 1
    /// keeps up with a 100-200 MB/s MySQL stream on one core, leaving the other to the MySQL client.
    /// bench/README.md has the table.
    /// </summary>
    public ArtifactCompression Compression { get; init; } = ArtifactCompression.Brotli;

    /// <summary>
    /// Supplies encryption keys. New artifacts are encrypted (AES-256-GCM) with its
    /// <see cref="IArtifactKeyProvider.CurrentKeyId"/> when that is set; encrypted artifacts can only be read
    /// with a provider that has their key. Null: new artifacts are not encrypted and encrypted ones cannot be read.
    /// </summary>
    public IArtifactKeyProvider? KeyProvider { get; init; }

    /// <summary>Plaintext bytes per encrypted chunk (4 KiB to 16 MiB); a reader holds one chunk in memory.</summary>
    public int EncryptionChunkSize { get; init; } = DefaultEncryptionChunkSize;

    /// <summary>Block size of artifact uploads; null takes the blob client's default.</summary>
    public int? UploadBlockSize { get; init; }

    /// <summary>Blocks of one artifact upload in flight at a time; null takes the blob client's default.</summary>
    public int? UploadConcurrency { get; init; }

    /// <summary>The clock for manifest times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
