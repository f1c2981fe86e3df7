namespace Serverless.LocalHost.Identity;

/// <summary>The one user and the one project the identity stub knows.</summary>
internal sealed record IdentityStubOptions
{
    /// <summary>Gets the user name clients log in with.</summary>
    public required string UserName { get; init; }

    /// <summary>Gets the user's password.</summary>
    public required string Password { get; init; }

    /// <summary>Gets the project (name and id alike) a token is scoped to.</summary>
    public required string Project { get; init; }

    /// <summary>Gets the token handed out: the project's API token.</summary>
    public required string ProjectToken { get; init; }
}
