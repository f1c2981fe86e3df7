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

    /// <summary>Creates the exception for <paramref name="keyId"/> with a message that says where the key was looked for.</summary>
    /// <param name="keyId">The key id asked for.</param>
    /// <param name="message">What is missing and what to do; never key material.</param>
    public ArtifactKeyNotFoundException(string keyId, string message)
        : base(message)
    {
        KeyId = keyId;
    }

    /// <summary>The key id asked for.</summary>
    public string KeyId { get; }
}
