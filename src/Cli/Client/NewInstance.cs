namespace Serverless.Cli.Client;

/// <summary>What <c>dbaas create</c> asks for; <paramref name="FlavorId"/> is already resolved from a name.</summary>
internal sealed record NewInstance(
    string Name,
    string FlavorId,
    int SizeGigabytes,
    string? Datastore,
    string? DatastoreVersion,
    IReadOnlyList<string> Databases,
    IReadOnlyList<NewUser> Users);
