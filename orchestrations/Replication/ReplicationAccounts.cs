using System.Security.Cryptography;
using Serverless.DataPlane.Replication;
using Serverless.Orchestrations.Catalog;
using Serverless.Platforms;

namespace Serverless.Orchestrations.Replication;

/// <summary>
/// Each replica signs in to its source with an account of its own, <c>repl_</c> and the first 16 hex digits of its id,
/// whose generated password lives in the secret store under <c>{replicaId}-replication</c> only.
/// </summary>
internal static class ReplicationAccounts
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static string UserOf(string replicaId) => "repl_" + replicaId.Replace("-", "", StringComparison.Ordinal)[..16];

    /// <summary>The replica's account, its password created on first use (a re-run reads the same one).</summary>
    public static async Task<ReplicationAccount> GetAsync(ISecretStore secrets, string replicaId, CancellationToken cancellationToken)
    {
        var password = await secrets.CreateAsync(
            CatalogIds.ReplicationSecret(replicaId), RandomNumberGenerator.GetString(Alphabet, 32), cancellationToken).ConfigureAwait(false);
        return new ReplicationAccount(UserOf(replicaId), password);
    }
}
