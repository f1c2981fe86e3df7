namespace Serverless.Storage.Blobs;

/// <summary>What a request is doing and to which resource, for error messages.</summary>
/// <param name="Verb">What the caller wanted, as a verb phrase: "read blob", "create container".</param>
/// <param name="Container">The container.</param>
/// <param name="Blob">The blob, or null for container operations.</param>
internal readonly record struct BlobOperation(string Verb, string Container, string? Blob)
{
    /// <summary>"read blob 'a/b' in container 'c'" or "create container 'c'".</summary>
    public string Describe() => Blob is null ? $"{Verb} '{Container}'" : $"{Verb} '{Blob}' in container '{Container}'";
}
