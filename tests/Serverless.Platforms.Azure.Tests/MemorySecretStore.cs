using System.Collections.Concurrent;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>A secret store in memory, with the contract's create-unless-present rule, for the platform's tests.</summary>
internal sealed class MemorySecretStore : ISecretStore
{
    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Secrets => _secrets;

    public Task<string> CreateAsync(string secretId, string value, CancellationToken cancellationToken) =>
        Task.FromResult(_secrets.GetOrAdd(secretId, value));

    public Task<string?> GetAsync(string secretId, CancellationToken cancellationToken) =>
        Task.FromResult(_secrets.TryGetValue(secretId, out var value) ? value : null);

    public Task DeleteAsync(string secretId, CancellationToken cancellationToken)
    {
        _secrets.TryRemove(secretId, out _);
        return Task.CompletedTask;
    }
}
