namespace Serverless.DataPlane.Replication;

/// <summary>The account a replica signs in to its source with; the password comes from the secret store inside the step.</summary>
/// <param name="User">The account name (<c>repl_…</c>).</param>
/// <param name="Password">The password; never logged or recorded.</param>
public sealed record ReplicationAccount(string User, string Password)
{
    /// <summary>Prints the user only, so a record in a log or message never shows the password.</summary>
    public override string ToString() => $"ReplicationAccount {{ User = {User} }}";
}
