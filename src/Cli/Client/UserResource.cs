namespace Serverless.Cli.Client;

/// <summary>A user of an instance (trove-clients.md §3.2): name, host and the databases it may use.</summary>
internal sealed record UserResource(string Name, string? Host, IReadOnlyList<DatabaseReference>? Databases);

/// <summary>A database as user and database lists name it: <c>{"name": …}</c>.</summary>
internal sealed record DatabaseReference(string Name);

internal sealed record UserEnvelope(UserResource User);

internal sealed record UserListEnvelope(IReadOnlyList<UserResource> Users, IReadOnlyList<LinkReference>? Links);

internal sealed record DatabaseListEnvelope(IReadOnlyList<DatabaseReference> Databases, IReadOnlyList<LinkReference>? Links);
