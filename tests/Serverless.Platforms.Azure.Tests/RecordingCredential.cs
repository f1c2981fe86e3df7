using System.Collections.Concurrent;
using Azure.Core;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>A credential that hands out a fixed bearer token and records the scopes it was asked for.</summary>
internal sealed class RecordingCredential(string token) : TokenCredential
{
    private readonly ConcurrentQueue<string> _scopes = new();

    public string Token => token;

    public IReadOnlyList<string> Scopes => [.. _scopes];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        foreach (var scope in requestContext.Scopes)
        {
            _scopes.Enqueue(scope);
        }

        return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(GetToken(requestContext, cancellationToken));
}
