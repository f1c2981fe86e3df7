namespace Serverless.DataPlane.Accounts;

/// <summary>An account of a MySQL or MariaDB server and the databases it has privileges on.</summary>
/// <param name="Name">The user part of the account.</param>
/// <param name="Host">The host part: a host name, an IP address or a pattern with <c>%</c> and <c>_</c>.</param>
/// <param name="Databases">The databases the account has database-level privileges on, sorted.</param>
public sealed record ServerAccount(string Name, string Host, IReadOnlyList<string> Databases);
