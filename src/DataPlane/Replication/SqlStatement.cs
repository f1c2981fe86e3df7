namespace Serverless.DataPlane.Replication;

/// <summary>One statement of a replication dialect: its text with <c>?</c> marks, and their values in order.</summary>
/// <param name="Sql">The statement.</param>
/// <param name="Parameters">The values of its <c>?</c> marks.</param>
public sealed record SqlStatement(string Sql, IReadOnlyList<object?> Parameters)
{
    /// <summary>A statement without parameters.</summary>
    /// <param name="sql">The statement.</param>
    public static SqlStatement Of(string sql) => new(sql, []);

    /// <summary>Prints the text only: a CHANGE statement's parameters hold a password.</summary>
    public override string ToString() => Sql;
}
