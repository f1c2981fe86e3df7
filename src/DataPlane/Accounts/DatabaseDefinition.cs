namespace Serverless.DataPlane.Accounts;

/// <summary>A database (schema) to create.</summary>
/// <param name="Name">The database name.</param>
/// <param name="CharacterSet">Its default character set; the server's default when null.</param>
/// <param name="Collation">Its default collation; the character set's default when null.</param>
public sealed record DatabaseDefinition(string Name, string? CharacterSet = null, string? Collation = null);
