namespace Serverless.Orchestrations.Catalog;

/// <summary>A user of an instance as the catalog and durable history know it: the password only by secret id.</summary>
internal sealed record UserReference(string Name, string Host, IReadOnlyList<string> Databases, string PasswordSecretId);
