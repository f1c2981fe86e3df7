using System.IO.Compression;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Serverless.Testing.Secrets;

/// <summary>
/// Everything a storage account holds, as text to search: every blob's name, metadata and content (gzip-compressed
/// blobs, such as the task hub's large messages, unpacked), every table entity's properties (the task hub's history
/// and instances), every queued message. Each piece is labelled with where it came from.
/// </summary>
public static class StoredText
{
    private const int MaxBlobBytes = 8 * 1024 * 1024;

    /// <summary>Reads the whole account at <paramref name="connectionString"/>.</summary>
    public static async Task<IReadOnlyList<(string Where, string Text)>> ReadAllAsync(string connectionString, CancellationToken cancellationToken)
    {
        var pieces = new List<(string, string)>();
        // The service versions Azurite speaks: the project's own for blobs, an older one for queues.
        var blobs = new BlobServiceClient(connectionString, new BlobClientOptions(Serverless.Storage.Accounts.BlobServiceClientFactory.ServiceVersion));
        await foreach (var container in blobs.GetBlobContainersAsync(cancellationToken: cancellationToken))
        {
            var client = blobs.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Traits = Azure.Storage.Blobs.Models.BlobTraits.Metadata }, cancellationToken))
            {
                var where = $"blob {container.Name}/{blob.Name}";
                pieces.Add((where, $"{blob.Name} {string.Join(" ", blob.Metadata.Select(pair => $"{pair.Key}={pair.Value}"))}"));
                if (blob.Properties.ContentLength is > MaxBlobBytes)
                {
                    continue;
                }

                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
                pieces.Add((where, Text(content)));
            }
        }

        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync(cancellationToken: cancellationToken))
        {
            await foreach (var entity in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                pieces.Add(($"table {table.Name} {entity.PartitionKey}/{entity.RowKey}", string.Join(" ", entity.Select(pair => $"{pair.Key}={Value(pair.Value)}"))));
            }
        }

        var queues = new QueueServiceClient(connectionString, new QueueClientOptions(QueueClientOptions.ServiceVersion.V2021_12_02));
        await foreach (var queue in queues.GetQueuesAsync(cancellationToken: cancellationToken))
        {
            foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32, cancellationToken)).Value)
            {
                pieces.Add(($"queue {queue.Name}", Text(message.Body.ToArray())));
            }
        }

        return pieces;
    }

    private static string Value(object? value) => value switch
    {
        byte[] bytes => Text(bytes),
        BinaryData data => Text(data.ToArray()),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };

    // Gzip content (the task hub compresses large messages) is searched unpacked, and base64 text (queue messages may
    // be encoded) decoded as well as raw.
    private static string Text(byte[] bytes)
    {
        if (bytes.Length > 2 && bytes[0] == 0x1F && bytes[1] == 0x8B)
        {
            try
            {
                using var unpacked = new MemoryStream();
                using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))
                {
                    gzip.CopyTo(unpacked);
                }

                bytes = unpacked.ToArray();
            }
            catch (InvalidDataException)
            {
                // Not gzip after all; searched as it is.
            }
        }

        var text = Encoding.UTF8.GetString(bytes);
        try
        {
            return text + " " + Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return text;
        }
    }
}
