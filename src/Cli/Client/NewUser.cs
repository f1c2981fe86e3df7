namespace Serverless.Cli.Client;

/// <summary>A user to create with an instance. <see cref="ToString"/> leaves the password out, so it never reaches output.</summary>
internal sealed record NewUser(string Name, string Password, string Host, IReadOnlyList<string> Databases)
{
    public override string ToString() => $"{Name}@{(Host.Length == 0 ? "%" : Host)}";
}
