using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Http;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// Key Vault's secrets API as far as the secret store uses it, on https loopback: the bearer challenge of an
/// unauthenticated first request (as Key Vault answers it), then get, set and delete of secrets kept in memory, each
/// request recorded. Authenticated requests must carry <see cref="ExpectedToken"/>.
/// </summary>
internal sealed class FakeKeyVault : IAsyncDisposable
{
    public const string ExpectedToken = "vault-token";

    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private LoopbackHttpsServer _server = null!;

    private FakeKeyVault()
    {
    }

    public Uri Endpoint => _server.Endpoint;

    public IReadOnlyList<ArmRequest> Requests => _server.Requests;

    public IReadOnlyDictionary<string, string> Secrets => _secrets;

    public static async Task<FakeKeyVault> StartAsync()
    {
        var vault = new FakeKeyVault();
        vault._server = await LoopbackHttpsServer.StartAsync(vault.AnswerAsync);
        return vault;
    }

    public HttpPipelineTransport CreateTransport() => _server.CreateTransport();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task AnswerAsync(ArmRequest recorded, HttpContext context)
    {
        if (string.IsNullOrEmpty(recorded.Authorization))
        {
            context.Response.StatusCode = 401;
            context.Response.Headers.WWWAuthenticate = "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001\", resource=\"https://vault.azure.net\"";
            return;
        }

        if (recorded.Authorization != $"Bearer {ExpectedToken}")
        {
            await WriteAsync(context, 401, new { error = new { code = "Unauthorized", message = "Bad token." } });
            return;
        }

        var segments = recorded.Path.Trim('/').Split('/');
        if (segments.Length < 2 || segments[0] != "secrets")
        {
            await WriteAsync(context, 404, new { error = new { code = "NotFound", message = "No such path." } });
            return;
        }

        var name = segments[1];
        var id = $"{Endpoint.ToString().TrimEnd('/')}/secrets/{name}/0123456789abcdef";
        switch (recorded.Method)
        {
            case "PUT":
                var value = recorded.Json().GetProperty("value").GetString()!;
                _secrets[name] = value;
                await WriteAsync(context, 200, new { value, id, attributes = new { enabled = true } });
                break;
            case "GET" when _secrets.TryGetValue(name, out var stored):
                await WriteAsync(context, 200, new { value = stored, id, attributes = new { enabled = true } });
                break;
            case "DELETE" when _secrets.TryRemove(name, out _):
                await WriteAsync(context, 200, new { recoveryId = $"{Endpoint}deletedsecrets/{name}", id, attributes = new { enabled = true } });
                break;
            default:
                await WriteAsync(context, 404, new { error = new { code = "SecretNotFound", message = $"A secret with (name/id) {name} was not found in this key vault." } });
                break;
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
