namespace Serverless.Testing.Hostile;

/// <summary>
/// What the hostile requests aim at: the attacked project with its token and the ids of its real resources, and a
/// second project whose token and path are used to cross tenants.
/// </summary>
/// <param name="Project">The project whose resources exist.</param>
/// <param name="Token">Its token.</param>
/// <param name="OtherProject">Another project, holding nothing of the first.</param>
/// <param name="OtherToken">The other project's token.</param>
/// <param name="Ids">
/// Real values of the first project for the route parameters (<c>instance_id</c>, <c>backup_id</c>, <c>user</c>,
/// <c>database</c>…); a parameter without an entry gets a fresh id.
/// </param>
public sealed record HostileTargets(string Project, string Token, string OtherProject, string OtherToken, IReadOnlyDictionary<string, string> Ids);
