using Azure;

namespace Serverless.Storage.Documents;

/// <summary>A document as stored: its key, its UTF-8 JSON content and the ETag of this version.</summary>
/// <param name="Key">The document key.</param>
/// <param name="Value">The UTF-8 JSON content.</param>
/// <param name="ETag">The version; pass it to <see cref="IDocumentStore.ReplaceAsync"/> or <see cref="IDocumentStore.DeleteAsync"/>.</param>
public sealed record StoredDocument(string Key, BinaryData Value, ETag ETag);
