using System.Globalization;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;

namespace Serverless.Storage.Blobs;

/// <summary>
/// One container of a storage account and the block blobs in it. Get it from
/// <see cref="BlobServiceClient.GetContainerClient"/>; it is thread-safe and cheap to keep.
/// </summary>
/// <remarks>
/// Blob names may contain slashes (virtual folders), spaces and any Unicode; they are escaped
/// per path segment. Every call goes through the Azure.Core pipeline of the service client, so
/// transient failures (connection errors, 408, 429, 500, 502, 503, 504) are retried with
/// exponential backoff before an exception surfaces.
/// </remarks>
public sealed class BlobContainerClient
{
    /// <summary>Put Block List accepts at most this many blocks per blob.</summary>
    internal const int MaxBlocks = 50_000;

    private const int MaxPageSize = 5000;

    private readonly BlobRestPipeline pipeline;

    internal BlobContainerClient(BlobRestPipeline pipeline, string name)
    {
        this.pipeline = pipeline;
        Name = name;
    }

    /// <summary>The container name.</summary>
    public string Name { get; }

    /// <summary>The container URL.</summary>
    public Uri Uri => pipeline.ResourceUri(Name, null);

    internal BlobClientOptions Options => pipeline.Options;

    /// <summary>Creates the container unless it exists.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when this call created it, false when it existed already.</returns>
    /// <exception cref="BlobStorageException">The service refused or could not be reached.</exception>
    public async Task<bool> CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var operation = new BlobOperation("create container", Name, null);
        using var message = pipeline.CreateMessage(RequestMethod.Put, operation);
        message.Request.Uri.AppendQuery("restype", "container");
        var response = await pipeline.SendAsync(message, operation, async: true, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            201 => true,
            409 when ErrorCode(response) == "ContainerAlreadyExists" => false,
            _ => throw await pipeline.FailureAsync(response, operation, async: true, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Deletes the container and every blob in it, if it exists.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when this call deleted it, false when it did not exist.</returns>
    /// <exception cref="BlobStorageException">The service refused or could not be reached.</exception>
    public async Task<bool> DeleteIfExistsAsync(CancellationToken cancellationToken = default)
    {
        var operation = new BlobOperation("delete container", Name, null);
        using var message = pipeline.CreateMessage(RequestMethod.Delete, operation);
        message.Request.Uri.AppendQuery("restype", "container");
        var response = await pipeline.SendAsync(message, operation, async: true, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            202 => true,
            404 => false,
            _ => throw await pipeline.FailureAsync(response, operation, async: true, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Writes a whole blob in one request (Put Blob), replacing any existing one unless conditions say otherwise.</summary>
    /// <param name="blobName">The blob name.</param>
    /// <param name="content">The content; up to a few hundred MiB, for more use <see cref="UploadAsync"/>.</param>
    /// <param name="options">Content type, metadata and conditions; <see cref="BlobWriteOptions.BlockSize"/> and <see cref="BlobWriteOptions.MaxConcurrency"/> do not apply.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The properties of the written blob, including its new ETag.</returns>
    /// <exception cref="BlobConflictException">The blob exists and <see cref="BlobConditions.IfNotExists"/> was given.</exception>
    /// <exception cref="BlobConditionNotMetException">The blob changed since <see cref="BlobConditions.IfMatch"/> was read, or no longer exists.</exception>
    /// <exception cref="BlobNotFoundException">The container does not exist.</exception>
    /// <exception cref="BlobStorageException">Any other failure.</exception>
    public Task<BlobProperties> PutAsync(string blobName, BinaryData content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateBlob(blobName, nameof(blobName));
        ArgumentNullException.ThrowIfNull(content);
        ValidateMetadata(options);
        return PutBlobAsync(blobName, content.ToMemory(), options, cancellationToken);
    }

    /// <summary>
    /// Writes a blob from a stream of any length: the stream is read once, front to back, in
    /// blocks of <see cref="BlobWriteOptions.BlockSize"/> that are uploaded in parallel (Put Block,
    /// at most <see cref="BlobWriteOptions.MaxConcurrency"/> at a time, so memory stays bounded)
    /// and committed at the end (Put Block List). Content shorter than one block is written with a
    /// single Put Blob.
    /// </summary>
    /// <remarks>
    /// Nothing is visible under <paramref name="blobName"/> until the commit succeeds: a failed or
    /// cancelled upload leaves the previous blob (or none) in place; its uncommitted blocks are
    /// discarded by the service. Conditions are checked by the commit, after the blocks were sent.
    /// </remarks>
    /// <param name="blobName">The blob name.</param>
    /// <param name="content">The content, read up to its end; not disposed.</param>
    /// <param name="options">Content type, metadata, conditions, block size and parallelism.</param>
    /// <param name="cancellationToken">Cancels the upload; nothing is committed.</param>
    /// <returns>The properties of the written blob.</returns>
    /// <exception cref="BlobConflictException">The blob exists and <see cref="BlobConditions.IfNotExists"/> was given.</exception>
    /// <exception cref="BlobConditionNotMetException">A condition was not met at commit time.</exception>
    /// <exception cref="BlobStorageException">Any other failure of the service or the connection.</exception>
    public Task<BlobProperties> UploadAsync(string blobName, Stream content, BlobWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateBlob(blobName, nameof(blobName));
        ArgumentNullException.ThrowIfNull(content);
        ValidateMetadata(options);
        var blockSize = options?.BlockSize ?? Options.DefaultBlockSize;
        var maxConcurrency = options?.MaxConcurrency ?? Options.DefaultMaxConcurrency;
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1, "options.BlockSize");
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSize, Array.MaxLength, "options.BlockSize");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1, "options.MaxConcurrency");
        return new ParallelBlockUpload(this, blobName, options, blockSize, maxConcurrency).RunAsync(content, cancellationToken);
    }

    /// <summary>
    /// Starts reading a blob: returns once the service answered with the properties, the content
    /// follows through <see cref="BlobDownload.Content"/>, which resumes by itself after transient
    /// failures mid-body.
    /// </summary>
    /// <param name="blobName">The blob name.</param>
    /// <param name="options">A range and conditions.</param>
    /// <param name="cancellationToken">Cancels the request; reads of the content take their own token.</param>
    /// <returns>The download; dispose it.</returns>
    /// <exception cref="BlobNotFoundException">The blob or the container does not exist.</exception>
    /// <exception cref="BlobConditionNotMetException">A condition was not met.</exception>
    /// <exception cref="BlobStorageException">Any other failure, for example a range beyond the end (416).</exception>
    public async Task<BlobDownload> DownloadAsync(string blobName, BlobReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateBlob(blobName, nameof(blobName));
        var operation = new BlobOperation("read blob", Name, blobName);
        using var message = pipeline.CreateMessage(RequestMethod.Get, operation);
        message.BufferResponse = false;
        if (options?.Range is { } range)
        {
            message.Request.Headers.SetValue("x-ms-range", range.ToString());
        }

        BlobRestPipeline.ApplyConditions(message.Request, options?.Conditions);
        var response = await pipeline.SendAsync(message, operation, async: true, cancellationToken).ConfigureAwait(false);
        if (response.Status is not (200 or 206))
        {
            throw await pipeline.FailureAsync(response, operation, async: true, cancellationToken).ConfigureAwait(false);
        }

        var properties = BlobPropertiesReader.FromHeaders(response.Headers);
        var length = BlobPropertiesReader.ContentLength(response.Headers);
        var start = response.Status == 206 ? RangeStart(response) ?? options?.Range?.Offset ?? 0 : 0;
        var body = message.ExtractResponseContent() ?? Stream.Null;
        var content = new ResumableDownloadStream(
            body,
            start,
            length,
            (offset, async, token) => OpenRemainderAsync(blobName, offset, start + length - 1, properties.ETag, async, token),
            Options.Retry);
        return new BlobDownload(properties, length, content);
    }

    /// <summary>Reads a blob's properties and metadata (Get Blob Properties).</summary>
    /// <param name="blobName">The blob name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The properties.</returns>
    /// <exception cref="BlobNotFoundException">The blob or the container does not exist.</exception>
    /// <exception cref="BlobStorageException">Any other failure.</exception>
    public async Task<BlobProperties> GetPropertiesAsync(string blobName, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateBlob(blobName, nameof(blobName));
        var operation = new BlobOperation("get properties of blob", Name, blobName);
        using var message = pipeline.CreateMessage(RequestMethod.Head, operation);
        var response = await pipeline.SendAsync(message, operation, async: true, cancellationToken).ConfigureAwait(false);
        return response.Status == 200
            ? BlobPropertiesReader.FromHeaders(response.Headers)
            : throw await pipeline.FailureAsync(response, operation, async: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Lists the blobs whose names start with <paramref name="prefix"/>, in name order, page by page as needed.</summary>
    /// <param name="prefix">The name prefix, for example <c>backups/2024/</c>; null lists all.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The blobs with properties and metadata.</returns>
    /// <exception cref="BlobNotFoundException">The container does not exist.</exception>
    /// <exception cref="BlobStorageException">Any other failure.</exception>
    public async IAsyncEnumerable<BlobItem> ListAsync(string? prefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? continuation = null;
        do
        {
            var page = await ListPageAsync(prefix, continuation, null, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    /// <summary>Lists one page of blobs whose names start with <paramref name="prefix"/> (List Blobs).</summary>
    /// <param name="prefix">The name prefix; null lists all.</param>
    /// <param name="continuation">The <see cref="BlobPage.ContinuationToken"/> of the previous page; null for the first.</param>
    /// <param name="pageSize">At most this many blobs (1-5000); null lets the service choose (5000). A page may hold fewer even when more follow.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page and the token for the next one.</returns>
    /// <exception cref="BlobNotFoundException">The container does not exist.</exception>
    /// <exception cref="BlobStorageException">Any other failure.</exception>
    public async Task<BlobPage> ListPageAsync(string? prefix, string? continuation, int? pageSize, CancellationToken cancellationToken = default)
    {
        if (pageSize is { } size)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(size, 1, nameof(pageSize));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxPageSize, nameof(pageSize));
        }

        var operation = new BlobOperation("list blobs of container", Name, null);
        using var message = pipeline.CreateMessage(RequestMethod.Get, operation);
        var uri = message.Request.Uri;
        uri.AppendQuery("restype", "container");
        uri.AppendQuery("comp", "list");
        uri.AppendQuery("include", "metadata");
        if (!string.IsNullOrEmpty(prefix))
        {
            uri.AppendQuery("prefix", prefix, escapeValue: true);
        }

        if (!string.IsNullOrEmpty(continuation))
        {
            uri.AppendQuery("marker", continuation, escapeValue: true);
        }

        if (pageSize is { } maxResults)
        {
            uri.AppendQuery("maxresults", maxResults.ToString(CultureInfo.InvariantCulture));
        }

        var response = await pipeline.SendAsync(message, operation, async: true, cancellationToken).ConfigureAwait(false);
        if (response.Status != 200)
        {
            throw await pipeline.FailureAsync(response, operation, async: true, cancellationToken).ConfigureAwait(false);
        }

        return BlobXml.ParseListing(response.ContentStream ?? Stream.Null);
    }

    /// <summary>Deletes a blob (with its snapshots).</summary>
    /// <param name="blobName">The blob name.</param>
    /// <param name="conditions">Delete only if these hold, for example <see cref="BlobConditions.IfUnchanged"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>True when this call deleted it, false when the blob (or its container) did not exist.</returns>
    /// <exception cref="BlobConditionNotMetException">A condition was not met.</exception>
    /// <exception cref="BlobStorageException">Any other failure.</exception>
    public async Task<bool> DeleteAsync(string blobName, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        BlobNames.ValidateBlob(blobName, nameof(blobName));
        var operation = new BlobOperation("delete blob", Name, blobName);
        using var message = pipeline.CreateMessage(RequestMethod.Delete, operation);
        message.Request.Headers.SetValue("x-ms-delete-snapshots", "include");
        BlobRestPipeline.ApplyConditions(message.Request, conditions);
        var response = await pipeline.SendAsync(message, operation, async: true, cancellationToken).ConfigureAwait(false);
        return response.Status switch
        {
            202 => true,
            404 => false,
            _ => throw await pipeline.FailureAsync(response, operation, async: true, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Put Blob of a block blob from memory.</summary>
    internal async Task<BlobProperties> PutBlobAsync(string blobName, ReadOnlyMemory<byte> content, BlobWriteOptions? options, CancellationToken cancellationToken)
    {
        var operation = new BlobOperation("write blob", Name, blobName);
        using var message = pipeline.CreateMessage(RequestMethod.Put, operation);
        message.Request.Headers.SetValue("x-ms-blob-type", "BlockBlob");
        ApplyWriteOptions(message.Request, options);
        message.Request.Content = RequestContent.Create(content);
        var response = await pipeline.SendAsync(message, operation, async: true, cancellationToken).ConfigureAwait(false);
        return response.Status == 201
            ? WrittenProperties(response, content.Length, options)
            : throw await pipeline.FailureAsync(response, operation, async: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Put Block: stages one uncommitted block.</summary>
    internal async Task PutBlockAsync(string blobName, string blockId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var operation = new BlobOperation("upload a block of blob", Name, blobName);
        using var message = pipeline.CreateMessage(RequestMethod.Put, operation);
        message.Request.Uri.AppendQuery("comp", "block");
        message.Request.Uri.AppendQuery("blockid", blockId, escapeValue: true);
        message.Request.Content = RequestContent.Create(content);
        var response = await pipeline.SendAsync(message, operation, async: true, cancellationToken).ConfigureAwait(false);
        if (response.Status != 201)
        {
            throw await pipeline.FailureAsync(response, operation, async: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Put Block List: commits the staged blocks as the blob's content.</summary>
    internal async Task<BlobProperties> PutBlockListAsync(string blobName, IReadOnlyList<string> blockIds, long contentLength, BlobWriteOptions? options, CancellationToken cancellationToken)
    {
        var operation = new BlobOperation("commit the blocks of blob", Name, blobName);
        using var message = pipeline.CreateMessage(RequestMethod.Put, operation);
        message.Request.Uri.AppendQuery("comp", "blocklist");
        ApplyWriteOptions(message.Request, options);
        message.Request.Content = RequestContent.Create(BlobXml.BlockList(blockIds));
        var response = await pipeline.SendAsync(message, operation, async: true, cancellationToken).ConfigureAwait(false);
        return response.Status == 201
            ? WrittenProperties(response, contentLength, options)
            : throw await pipeline.FailureAsync(response, operation, async: true, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<Stream> OpenRemainderAsync(string blobName, long offset, long last, ETag etag, bool async, CancellationToken cancellationToken)
    {
        var operation = new BlobOperation("resume reading blob", Name, blobName);
        using var message = pipeline.CreateMessage(RequestMethod.Get, operation);
        message.BufferResponse = false;
        message.Request.Headers.SetValue("x-ms-range", new HttpRange(offset, last - offset + 1).ToString());
        BlobRestPipeline.ApplyConditions(message.Request, BlobConditions.IfUnchanged(etag));
        var response = await pipeline.SendAsync(message, operation, async, cancellationToken).ConfigureAwait(false);
        if (response.Status != 206 || RangeStart(response) != offset)
        {
            throw await pipeline.FailureAsync(response, operation, async, cancellationToken).ConfigureAwait(false);
        }

        return message.ExtractResponseContent() ?? Stream.Null;
    }

    private static void ApplyWriteOptions(Request request, BlobWriteOptions? options)
    {
        if (options?.ContentType is { } contentType)
        {
            request.Headers.SetValue("x-ms-blob-content-type", contentType);
        }

        foreach (var (name, value) in options?.Metadata ?? new Dictionary<string, string>())
        {
            request.Headers.SetValue($"x-ms-meta-{name}", value);
        }

        BlobRestPipeline.ApplyConditions(request, options?.Conditions);
    }

    private static BlobProperties WrittenProperties(Response response, long contentLength, BlobWriteOptions? options)
    {
        response.Headers.TryGetValue("ETag", out var etag);
        response.Headers.TryGetValue("Last-Modified", out var lastModified);
        var metadata = new Dictionary<string, string>(options?.Metadata ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        return new BlobProperties(
            BlobPropertiesReader.QuotedETag(etag),
            contentLength,
            BlobPropertiesReader.ParseHttpDate(lastModified),
            options?.ContentType ?? "application/octet-stream",
            metadata);
    }

    /// <summary>The first offset of <c>Content-Range: bytes first-last/size</c>.</summary>
    private static long? RangeStart(Response response)
    {
        if (response.Headers.TryGetValue("Content-Range", out var range))
        {
            var value = range.AsSpan();
            var space = value.IndexOf(' ');
            var dash = value.IndexOf('-');
            if (space >= 0 && dash > space && long.TryParse(value[(space + 1)..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first))
            {
                return first;
            }
        }

        return null;
    }

    private static string? ErrorCode(Response response) => response.Headers.TryGetValue("x-ms-error-code", out var code) ? code : null;

    private static void ValidateMetadata(BlobWriteOptions? options)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in options?.Metadata ?? new Dictionary<string, string>())
        {
            if (!names.Add(name))
            {
                throw new ArgumentException($"Metadata name '{name}' appears twice: names are case-insensitive.", nameof(options));
            }

            if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException($"Metadata name '{name}' is not valid: use ASCII letters, digits and '_', not starting with a digit.", nameof(options));
            }

            if (value.Any(c => c is < ' ' or > '~') || value != value.Trim())
            {
                throw new ArgumentException($"The value of metadata '{name}' must be printable ASCII without leading or trailing spaces.", nameof(options));
            }
        }
    }
}
