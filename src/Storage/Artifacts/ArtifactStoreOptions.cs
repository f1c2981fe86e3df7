using Azure.Storage;

namespace Serverless.Storage.Artifacts;

/// <summary>How an <see cref="ArtifactStore"/> writes and reads artifacts.</summary>
public sealed record ArtifactStoreOptions
{
    /// <summary>The default plaintext bytes per encrypted chunk: 1 MiB.</summary>
    public const int DefaultEncryptionChunkSize = 1024 * 1024;

    // Artifacts stream; a block or single upload larger than this would be a buffer, not a stream.
    private const long MaxUploadBufferBytes = 256L * 1024 * 1024;

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

    /// <summary>
    /// How one artifact is uploaded: blocks of <see cref="StorageTransferOptions.MaximumTransferSize"/>,
    /// <see cref="StorageTransferOptions.MaximumConcurrency"/> of them in flight, and a single Put Blob for artifacts
    /// that fit one block and <see cref="StorageTransferOptions.InitialTransferSize"/>. Every block is buffered, in
    /// buffers from a pool of <see cref="UploadBuffers"/> shared by all uploads of the store; a value left null takes
    /// ours from <see cref="DefaultUploadTransfer"/>.
    /// </summary>
    public StorageTransferOptions UploadTransfer { get; init; } = DefaultUploadTransfer;

    /// <summary>
    /// The upload settings measured best with <c>bench/run.sh storage</c> on the 2-core build machine against Azurite:
    /// 8 MiB blocks, 4 at a time, one Put Blob up to 8 MiB (bench/README.md has the table).
    /// </summary>
    public static StorageTransferOptions DefaultUploadTransfer { get; } = new()
    {
        MaximumTransferSize = 8 * 1024 * 1024,
        InitialTransferSize = 8 * 1024 * 1024,
        MaximumConcurrency = 4,
    };

    /// <summary>
    /// Block buffers all uploads of the store share at most (each of <see cref="StorageTransferOptions.MaximumTransferSize"/>
    /// bytes): the bound on the memory uploads hold, however many artifacts are written at once and however large. An
    /// upload holds at most its concurrency + 1; the default, 10, lets a dump's two connections each keep four blocks
    /// in flight while filling a fifth (80 MiB with 8 MiB blocks).
    /// </summary>
    public int UploadBuffers { get; init; } = 10;

    /// <summary>The clock for manifest times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary><paramref name="transfer"/> with every unset value taken from <see cref="DefaultUploadTransfer"/>, checked to keep memory bounded.</summary>
    internal static StorageTransferOptions Bounded(StorageTransferOptions transfer)
    {
        var bounded = new StorageTransferOptions
        {
            MaximumTransferSize = transfer.MaximumTransferSize ?? DefaultUploadTransfer.MaximumTransferSize,
            InitialTransferSize = transfer.InitialTransferSize ?? DefaultUploadTransfer.InitialTransferSize,
            MaximumConcurrency = transfer.MaximumConcurrency ?? DefaultUploadTransfer.MaximumConcurrency,
        };
        ArgumentOutOfRangeException.ThrowIfLessThan(bounded.MaximumTransferSize!.Value, 64 * 1024, "UploadTransfer.MaximumTransferSize");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bounded.MaximumTransferSize.Value, MaxUploadBufferBytes, "UploadTransfer.MaximumTransferSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(bounded.InitialTransferSize!.Value, 1, "UploadTransfer.InitialTransferSize");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bounded.InitialTransferSize.Value, MaxUploadBufferBytes, "UploadTransfer.InitialTransferSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(bounded.MaximumConcurrency!.Value, 1, "UploadTransfer.MaximumConcurrency");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bounded.MaximumConcurrency.Value, 64, "UploadTransfer.MaximumConcurrency");
        return bounded;
    }
}
