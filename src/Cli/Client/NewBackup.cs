namespace Serverless.Cli.Client;

/// <summary>What <c>dbaas backup-create</c> asks for; <paramref name="InstanceId"/> is already resolved from a name.</summary>
internal sealed record NewBackup(string Name, string InstanceId, string? Description);
