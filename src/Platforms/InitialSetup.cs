namespace Serverless.Platforms;

/// <summary>The databases and users a new server starts with, from the create request.</summary>
/// <param name="Databases">Databases to create.</param>
/// <param name="Users">Users to create, each with privileges on some of the databases.</param>
public sealed record InitialSetup(IReadOnlyList<string> Databases, IReadOnlyList<InitialUser> Users);
