namespace Serverless.Storage.Artifacts;

/// <summary>An <see cref="IArtifactKeyProvider"/> has no key with the id asked for.</summary>
public sealed class ArtifactKeyNotFoundException : Exception
{
    /// <summary>Creates the exception for <paramref name="keyId"/>.</summary>
    public ArtifactKeyNotFoundException(string keyId)
        : base($"The artifact key provider has no key with id '{keyId}'. Add the key under that id to the provider's configuration.")
    {
        KeyId = keyId;
    }

    /// <summary>The key id asked for.</summary>
    public string KeyId { get; }
}
