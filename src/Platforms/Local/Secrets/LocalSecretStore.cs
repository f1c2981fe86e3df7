using System.Runtime.Versioning;

namespace Serverless.Platforms.Local.Secrets;

/// <summary>
/// Secrets of the one-machine installation: one file per secret, <c>{directory}/{secretId}.secret</c>,
/// readable only by its owner (mode 0600, directory 0700), holding the value and a line feed.
/// </summary>
/// <remarks>
/// One line per file is also the format of <see cref="MariaDbServerOptions.AdminPasswordFile"/>, so the
/// local platform hands a server its secret file (<see cref="PathOf"/>) and the admin password exists
/// in exactly one place.
/// </remarks>
[SupportedOSPlatform("linux")]
public sealed class LocalSecretStore : ISecretStore
{
    /// <summary>The longest secret id.</summary>
    public const int MaxIdLength = 128;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates a store over <paramref name="directory"/>, which is created (mode 0700) on first write.</summary>
    /// <param name="directory">The directory holding the secret files.</param>
    public LocalSecretStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        DirectoryPath = Path.GetFullPath(directory);
    }

    /// <summary>The directory holding the secret files.</summary>
    public string DirectoryPath { get; }

    /// <summary>The file that holds (or will hold) the secret <paramref name="secretId"/>.</summary>
    /// <param name="secretId">The id.</param>
    /// <returns>The file's full path.</returns>
    public string PathOf(string secretId)
    {
        LocalFileName.Validate(secretId, nameof(secretId), MaxIdLength);
        return Path.Combine(DirectoryPath, secretId + ".secret");
    }

    /// <inheritdoc />
    public async Task<string> CreateAsync(string secretId, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value.Contains('\n', StringComparison.Ordinal) || value.Contains('\r', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The secret '{secretId}' must be one non-empty line.", nameof(value));
        }

        var path = PathOf(secretId);
        if (await GetAsync(secretId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        Directory.CreateDirectory(DirectoryPath, OwnerOnlyDirectory);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            await PrivateFile.WriteAsync(temporary, value + "\n", cancellationToken).ConfigureAwait(false);
            try
            {
                // Without overwrite the rename fails when another writer got there first; its value wins.
                File.Move(temporary, path, overwrite: false);
                return value;
            }
            catch (IOException) when (File.Exists(path))
            {
                return await GetAsync(secretId, cancellationToken).ConfigureAwait(false)
                    ?? throw new IOException($"The secret file '{path}' disappeared while secret '{secretId}' was being created; try again.");
            }
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <inheritdoc />
    public async Task<string?> GetAsync(string secretId, CancellationToken cancellationToken)
    {
        var path = PathOf(secretId);
        try
        {
            var content = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
            return content.EndsWith('\n') ? content[..^1] : content;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string secretId, CancellationToken cancellationToken)
    {
        var path = PathOf(secretId);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }
}
