using Serverless.Orchestrations.Catalog;
using Microsoft.DurableTask;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// Creates the instance's databases and users. The passwords are read from the secret store here, inside the step,
/// and never leave it.
/// </summary>
[DurableTask(Name)]
internal sealed class ConfigureServerActivity(IDatabasePlatform platform, ISecretStore secrets) : TaskActivity<ConfigureServerInput, bool>
{
    public const string Name = "ConfigureServer";

    public override async Task<bool> RunAsync(TaskActivityContext context, ConfigureServerInput input)
    {
        var users = new List<InitialUser>(input.Users.Count);
        foreach (var user in input.Users)
        {
            var password = await secrets.GetAsync(user.PasswordSecretId, CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException(
                    $"The password of user '{user.Name}' is missing from the secret store (secret '{user.PasswordSecretId}'); delete the instance and create it again.");
            users.Add(new InitialUser(user.Name, password, user.Host, user.Databases));
        }

        await platform.ConfigureInitialAsync(input.ServerId, new InitialSetup(input.Databases, users), CancellationToken.None).ConfigureAwait(false);
        return true;
    }
}
