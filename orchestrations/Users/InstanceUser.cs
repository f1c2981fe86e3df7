namespace Serverless.Orchestrations.Users;

/// <summary>A user of an instance as clients see it, read from the server.</summary>
/// <param name="Name">The user name.</param>
/// <param name="Host">The host part of the account.</param>
/// <param name="Databases">The databases the user has privileges on, sorted.</param>
public sealed record InstanceUser(string Name, string Host, IReadOnlyList<string> Databases);
