namespace Serverless.Storage.Blobs;

/// <summary>One page of a listing, see <see cref="BlobContainerClient.ListPageAsync"/>.</summary>
/// <param name="Items">The blobs of this page in name order.</param>
/// <param name="ContinuationToken">Pass to the next call for the following page; null on the last page.</param>
public sealed record BlobPage(IReadOnlyList<BlobItem> Items, string? ContinuationToken);
