using Azure.Core;

namespace Serverless.Storage.Blobs;

/// <summary>
/// Options of <see cref="BlobServiceClient"/>: retries (<see cref="ClientOptions.Retry"/>,
/// exponential backoff by default), diagnostics, transport and extra pipeline policies
/// (<see cref="ClientOptions.AddPolicy"/>). The Blob service version is pinned to
/// <see cref="ServiceVersion"/>.
/// </summary>
/// <remarks>
/// Azure.Core logging prints only the headers in <see cref="DiagnosticsOptions.LoggedHeaderNames"/>
/// and the query parameters in <see cref="DiagnosticsOptions.LoggedQueryParameters"/>; all others
/// appear as <c>REDACTED</c>. These options add the harmless Blob headers and parameters;
/// <see cref="BlobServiceClient"/> refuses options that would log <c>Authorization</c> or a
/// shared access signature (<c>sig</c>).
/// </remarks>
public sealed class BlobClientOptions : ClientOptions
{
    /// <summary>
    /// The <c>x-ms-version</c> sent with every request: supported by Azure Storage and by the
    /// Azurite version pinned in the repository's <c>package.json</c>.
    /// </summary>
    public const string ServiceVersion = "2025-11-05";

    private static readonly string[] LoggedHeaders =
    [
        "x-ms-version", "x-ms-date", "x-ms-error-code", "x-ms-blob-type", "x-ms-range", "x-ms-blob-content-type",
        "x-ms-delete-snapshots", "x-ms-request-server-encrypted", "x-ms-creation-time", "x-ms-content-crc64",
        "Content-Range", "Accept-Ranges", "If-Match", "If-None-Match",
    ];

    private static readonly string[] LoggedParameters = ["restype", "comp", "prefix", "marker", "maxresults", "include", "blockid", "timeout"];

    /// <summary>Creates options with Azure.Core's defaults (3 retries, exponential backoff from 0.8 s).</summary>
    public BlobClientOptions()
    {
        foreach (var header in LoggedHeaders)
        {
            if (!Diagnostics.LoggedHeaderNames.Contains(header, StringComparer.OrdinalIgnoreCase))
            {
                Diagnostics.LoggedHeaderNames.Add(header);
            }
        }

        foreach (var parameter in LoggedParameters)
        {
            Diagnostics.LoggedQueryParameters.Add(parameter);
        }
    }

    /// <summary>
    /// Blocks of <see cref="BlobContainerClient.UploadAsync"/> when <see cref="BlobWriteOptions.BlockSize"/>
    /// is not given: 8 MiB.
    /// </summary>
    public int DefaultBlockSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Blocks of one <see cref="BlobContainerClient.UploadAsync"/> in flight at a time when
    /// <see cref="BlobWriteOptions.MaxConcurrency"/> is not given: 4.
    /// </summary>
    public int DefaultMaxConcurrency { get; set; } = 4;
}
