namespace Serverless.Storage.Blobs;

/// <summary>One blob of a listing.</summary>
/// <param name="Name">The blob name, unescaped (slashes, spaces and any Unicode as written).</param>
/// <param name="Properties">Properties and metadata as of the listing.</param>
public sealed record BlobItem(string Name, BlobProperties Properties);
