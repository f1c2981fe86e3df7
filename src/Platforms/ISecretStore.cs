namespace Serverless.Platforms;

/// <summary>
/// Keeps passwords and keys out of the catalog, durable history and logs: those hold only a
/// secret's id, and whoever needs the value reads it here.
/// </summary>
public interface ISecretStore
{
    /// <summary>
    /// Stores <paramref name="value"/> under <paramref name="secretId"/> unless a secret with that id
    /// exists already, in which case the stored one is kept. Running it again after a crash is safe.
    /// </summary>
    /// <param name="secretId">The id: letters, digits, <c>-</c>, <c>_</c> and <c>.</c>, at most 128 characters, not starting with <c>.</c>.</param>
    /// <param name="value">The secret; one line (no CR or LF).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The value now stored under the id: <paramref name="value"/>, or the one stored before.</returns>
    Task<string> CreateAsync(string secretId, string value, CancellationToken cancellationToken);

    /// <summary>Reads a secret.</summary>
    /// <param name="secretId">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The value; null when there is no such secret.</returns>
    Task<string?> GetAsync(string secretId, CancellationToken cancellationToken);

    /// <summary>Deletes a secret; a missing one is fine.</summary>
    /// <param name="secretId">The id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    Task DeleteAsync(string secretId, CancellationToken cancellationToken);
}
