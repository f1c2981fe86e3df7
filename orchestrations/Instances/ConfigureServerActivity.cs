using Serverless.DataPlane.Accounts;
using Serverless.Orchestrations.Catalog;
using Microsoft.DurableTask;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Instances;

/// <summary>
/// Creates the instance's databases and users. The passwords are read from the secret store here, inside the step,
/// and never leave it. Running the step again (after a crash) keeps what exists and sets the passwords again.
/// </summary>
[DurableTask(Name)]
internal sealed class ConfigureServerActivity(IDatabasePlatform platform, ISecretStore secrets) : TaskActivity<ConfigureServerInput, bool>
{
    public const string Name = "ConfigureServer";

    public override async Task<bool> RunAsync(TaskActivityContext context, ConfigureServerInput input)
    {
        var admin = await AdminConnections.GetAsync(platform, secrets, input.ServerId, CancellationToken.None).ConfigureAwait(false);
        var accounts = await ServerAccounts.OpenAsync(admin, CancellationToken.None).ConfigureAwait(false);
        await using (accounts.ConfigureAwait(false))
        {
            foreach (var database in input.Databases)
            {
                await accounts.CreateDatabaseAsync(new DatabaseDefinition(database), ifNotExists: true, CancellationToken.None).ConfigureAwait(false);
            }

            foreach (var user in input.Users)
            {
                var password = await secrets.GetAsync(user.PasswordSecretId, CancellationToken.None).ConfigureAwait(false)
                    ?? throw new InvalidOperationException(
                        $"The password of user '{user.Name}' is missing from the secret store (secret '{user.PasswordSecretId}'); delete the instance and create it again.");
                await accounts.EnsureUserAsync(user.Name, user.Host, password, user.Databases, CancellationToken.None).ConfigureAwait(false);
            }
        }

        return true;
    }
}
