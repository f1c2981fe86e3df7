namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// The catalog's record of an instance (<c>projects/{projectId}/instances/{id}</c>): what clients see, plus
/// what the operations need. Holds secret ids, never secrets.
/// </summary>
/// <param name="Instance">The instance as clients see it.</param>
/// <param name="AdminSecretId">Where the platform keeps the server's admin password.</param>
/// <param name="Databases">The databases the create request asked for.</param>
/// <param name="Users">The users the create request asked for, passwords by secret id.</param>
internal sealed record InstanceDocument(
    InstanceView Instance,
    string AdminSecretId,
    IReadOnlyList<string> Databases,
    IReadOnlyList<UserReference> Users)
{
    /// <summary>The backups a restore into this instance reads while it is <c>BUILD</c> (the full backup, then its segments); empty otherwise.</summary>
    public IReadOnlyList<string> RestoresFrom { get; init; } = [];

    /// <summary>
    /// The operation of the last access update, written in the same change as the access itself: a crash before its record
    /// or orchestration exists leaves this behind, and the settle of half-started operations applies the access then.
    /// </summary>
    public string? AccessOperationId { get; init; }

    /// <summary>Every secret the instance owns, for deletion.</summary>
    public string[] SecretIds() => [AdminSecretId, CatalogIds.ReplicationSecret(Instance.Id), CatalogIds.ExternalSourceSecret(Instance.Id), .. Users.Select(u => u.PasswordSecretId)];
}
