using System.Xml;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Serverless.Storage.Blobs;

/// <summary>
/// The part every Blob operation shares: request URLs, the pinned service version, conditional
/// headers, sending through the Azure.Core pipeline and turning failures into
/// <see cref="BlobStorageException"/>s.
/// </summary>
internal sealed class BlobRestPipeline
{
    // Error bodies are small XML documents; anything longer is not one.
    private const int MaxErrorBodyBytes = 64 * 1024;

    private readonly HttpPipeline pipeline;
    private readonly string serviceBase;

    public BlobRestPipeline(Uri serviceUri, HttpPipeline pipeline, BlobClientOptions options)
    {
        ServiceUri = serviceUri;
        this.pipeline = pipeline;
        Options = options;
        serviceBase = serviceUri.AbsoluteUri.TrimEnd('/');
    }

    /// <summary>The Blob service endpoint (for the emulator including the account path segment).</summary>
    public Uri ServiceUri { get; }

    /// <summary>The options the pipeline was built from (retry settings, upload defaults).</summary>
    public BlobClientOptions Options { get; }

    /// <summary>The URL of a container, or of a blob in it.</summary>
    public Uri ResourceUri(string container, string? blob) =>
        new(blob is null ? $"{serviceBase}/{container}" : $"{serviceBase}/{container}/{BlobNames.EscapePath(blob)}");

    /// <summary>A request to the container or blob of <paramref name="operation"/>, with <c>x-ms-version</c> set.</summary>
    public HttpMessage CreateMessage(RequestMethod method, BlobOperation operation)
    {
        var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(ResourceUri(operation.Container, operation.Blob));
        message.Request.Headers.SetValue("x-ms-version", BlobClientOptions.ServiceVersion);
        return message;
    }

    /// <summary>Adds <c>If-Match</c> / <c>If-None-Match</c>.</summary>
    public static void ApplyConditions(Request request, BlobConditions? conditions)
    {
        if (conditions?.IfMatch is { } ifMatch)
        {
            request.Headers.SetValue("If-Match", ifMatch.ToString("H"));
        }

        if (conditions?.IfNoneMatch is { } ifNoneMatch)
        {
            request.Headers.SetValue("If-None-Match", ifNoneMatch.ToString("H"));
        }
    }

    /// <summary>
    /// Sends the message (with the pipeline's retries) and returns the response, whatever its
    /// status; throws <see cref="BlobStorageException"/> with status 0 when no response arrived.
    /// </summary>
    public async ValueTask<Response> SendAsync(HttpMessage message, BlobOperation operation, bool async, CancellationToken cancellationToken)
    {
        try
        {
            if (async)
            {
                await pipeline.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                pipeline.Send(message, cancellationToken);
            }
        }
        catch (Exception e) when (IsTransportFailure(e, cancellationToken))
        {
            throw Unreachable(operation, e);
        }

        return message.Response;
    }

    /// <summary>
    /// True for failures that mean "no usable response": connection errors (Azure.Core reports
    /// them as <see cref="RequestFailedException"/> with status 0, or all attempts in an
    /// <see cref="AggregateException"/>), broken bodies, and timeouts that are not the caller's cancellation.
    /// </summary>
    public static bool IsTransportFailure(Exception e, CancellationToken cancellationToken) =>
        e is RequestFailedException { Status: 0 } or AggregateException or IOException or HttpRequestException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>The exception for a request that never got a response.</summary>
    public BlobStorageException Unreachable(BlobOperation operation, Exception failure)
    {
        var cause = failure;
        while (cause.InnerException is not null && cause is AggregateException or RequestFailedException)
        {
            cause = cause.InnerException;
        }

        return new BlobStorageException(
            0,
            null,
            $"Could not {operation.Describe()} at {ServiceUri}: no response ({cause.Message}). " +
            "Check that the storage service (locally: Azurite) is running and reachable " +
            $"(transient failures were retried up to {Options.Retry.MaxRetries} times).",
            operation.Container,
            operation.Blob,
            failure);
    }

    /// <summary>The specific exception for an error response (reads the error body).</summary>
    public async ValueTask<BlobStorageException> FailureAsync(Response response, BlobOperation operation, bool async, CancellationToken cancellationToken)
    {
        var (code, serverMessage) = await ReadErrorAsync(response, async, cancellationToken).ConfigureAwait(false);
        var summary = $"Could not {operation.Describe()} at {ServiceUri}: {response.Status} {code ?? response.ReasonPhrase}";
        if (!string.IsNullOrWhiteSpace(serverMessage))
        {
            summary += $" ({serverMessage})";
        }

        var message = $"{summary}. {Hint(response.Status, code)}".TrimEnd();
        return response.Status switch
        {
            404 => new BlobNotFoundException(response.Status, code, message, operation.Container, operation.Blob),
            304 or 412 => new BlobConditionNotMetException(response.Status, code, message, operation.Container, operation.Blob),
            409 => new BlobConflictException(response.Status, code, message, operation.Container, operation.Blob),
            _ => new BlobStorageException(response.Status, code, message, operation.Container, operation.Blob),
        };
    }

    private static string Hint(int status, string? code) => (status, code) switch
    {
        (404, "ContainerNotFound") => "Create the container first (BlobContainerClient.CreateIfNotExistsAsync).",
        (404, _) => "Check the name: the blob was never written or has been deleted.",
        (304 or 412, _) => "The blob was changed or deleted since its ETag was read: read it again and redo the change.",
        (409, "BlobAlreadyExists") => "A blob with this name exists already: read it, or write under another name.",
        (409, "ContainerBeingDeleted") => "The container is being deleted: wait a minute, then create it again.",
        (403, _) => "Check the account key in the connection string (Shared Key); with a token credential, check that the identity " +
            "has the 'Storage Blob Data Contributor' role on the account or container.",
        (400, "InvalidHeaderValue" or "InvalidQueryParameterValue") => $"If the service rejects x-ms-version {BlobClientOptions.ServiceVersion}, update it (locally: npm ci installs the pinned Azurite).",
        (416, _) => "The requested range starts beyond the end of the blob.",
        (>= 500 or 429, _) => "The service is failing or busy and retries were exhausted: try again later.",
        _ => "",
    };

    private static async ValueTask<(string? Code, string? Message)> ReadErrorAsync(Response response, bool async, CancellationToken cancellationToken)
    {
        response.Headers.TryGetValue("x-ms-error-code", out var code);
        var body = response.ContentStream;
        if (body is null)
        {
            return (code, null);
        }

        var buffer = new byte[MaxErrorBodyBytes];
        var length = 0;
        try
        {
            while (length < buffer.Length)
            {
                var read = async
                    ? await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)
                    : body.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    break;
                }

                length += read;
            }
        }
        catch (IOException)
        {
            // The status and header say enough; a body cut short is no reason for a second failure.
        }

        try
        {
            var error = BlobXml.Load(new MemoryStream(buffer, 0, length)).Root;
            var bodyCode = error?.Element("Code")?.Value;
            // The service appends "RequestId:…" and "Time:…" lines; the first line is the message.
            var message = error?.Element("Message")?.Value.Split('\n')[0].Trim();
            return (code ?? bodyCode, message);
        }
        catch (XmlException)
        {
            return (code, null);
        }
    }
}
