using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Testing;

namespace Serverless.Platforms.Azure.Tests;

/// <summary>
/// A Kestrel server on https 127.0.0.1 with a self-signed certificate (Azure SDK clients send bearer tokens over https
/// only) that records every request, body included, before it hands it to the fake's answer.
/// </summary>
internal sealed class LoopbackHttpsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentQueue<ArmRequest> _requests = new();

    private LoopbackHttpsServer(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        _certificate = certificate;
    }

    /// <summary>The endpoint, <c>https://127.0.0.1:{port}/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<ArmRequest> Requests => [.. _requests];

    public static async Task<LoopbackHttpsServer> StartAsync(Func<ArmRequest, HttpContext, Task> answer)
    {
        var certificate = LoopbackCertificate.Create();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var server = new LoopbackHttpsServer(app, certificate);
        app.Run(async context =>
        {
            var request = context.Request;
            using var reader = new StreamReader(request.Body);
            var recorded = new ArmRequest(
                request.Method,
                request.Path.Value ?? "",
                request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
                request.Headers.Authorization.ToString(),
                await reader.ReadToEndAsync());
            server._requests.Enqueue(recorded);
            await answer(recorded, context);
        });
        await app.StartAsync();
        server.Endpoint = new Uri($"https://127.0.0.1:{new Uri(app.Urls.Single()).Port}/");
        return server;
    }

    /// <summary>A transport that trusts exactly this server's certificate, with a fresh connection pool.</summary>
    public HttpPipelineTransport CreateTransport() => new HttpClientTransport(LoopbackCertificate.TrustingHandler(_certificate));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _certificate.Dispose();
    }
}
