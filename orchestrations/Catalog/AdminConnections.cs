using Serverless.DataPlane;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Catalog;

/// <summary>
/// How an activity reaches an instance's server as its admin: the platform's access with the password read from the
/// secret store. Call it inside the activity that uses the connection: the password never leaves the step.
/// </summary>
internal static class AdminConnections
{
    /// <exception cref="InvalidOperationException">The server is not running, or its admin secret is missing.</exception>
    public static async Task<ServerConnection> GetAsync(IDatabasePlatform platform, ISecretStore secrets, string instanceId, CancellationToken cancellationToken)
    {
        var access = await platform.GetAdminAccessAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var password = await secrets.GetAsync(access.PasswordSecretId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The admin secret '{access.PasswordSecretId}' of instance '{instanceId}' is missing from the secret store.");
        return new ServerConnection(access.Host, access.Port, access.User, password, access.CaCertificatePem);
    }
}
