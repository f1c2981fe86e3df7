using Azure;

namespace Serverless.Storage.Documents;

/// <summary>A deserialized document and the ETag of the version it was read from.</summary>
/// <typeparam name="T">The document type.</typeparam>
/// <param name="Key">The document key.</param>
/// <param name="Value">The document.</param>
/// <param name="ETag">The version; a change based on <paramref name="Value"/> must name it.</param>
public sealed record Document<T>(string Key, T Value, ETag ETag);
