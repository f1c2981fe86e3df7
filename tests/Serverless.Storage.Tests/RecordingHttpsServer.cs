using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Serverless.Storage.Blobs;
using Serverless.Testing;

namespace Serverless.Storage.Tests;

/// <summary>
/// A loopback https endpoint (self-signed certificate) that records each request's method, path,
/// query and headers and answers like a successful Put Blob. Stands in for Azure Storage where
/// Azurite cannot: bearer tokens are only ever sent over https.
/// </summary>
internal sealed class RecordingHttpsServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;

    private RecordingHttpsServer(WebApplication app, X509Certificate2 certificate, Uri endpoint)
    {
        this.app = app;
        this.certificate = certificate;
        BlobEndpoint = endpoint;
    }

    public Uri BlobEndpoint { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<RecordingHttpsServer> StartAsync()
    {
        var certificate = LoopbackCertificate.Create();
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        RecordingHttpsServer? server = null;
        app.Run(async context =>
        {
            var request = context.Request;
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            server!.Requests.Enqueue(new RecordedRequest(request.Method, new Uri($"https://{request.Host}{request.Path}{request.QueryString}"), headers));
            await request.Body.CopyToAsync(Stream.Null);
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.ETag = "\"0x8DCAFE\"";
            context.Response.Headers.LastModified = DateTimeOffset.UtcNow.ToString("R");
        });
        await app.StartAsync();
        var address = new Uri(app.Urls.Single());
        server = new RecordingHttpsServer(app, certificate, new Uri($"https://127.0.0.1:{address.Port}"));
        return server;
    }

    /// <summary>Client options that trust exactly this server's certificate.</summary>
    public BlobClientOptions TrustingOptions()
    {
        var options = new BlobClientOptions
        {
            Transport = new HttpClientTransport(LoopbackCertificate.TrustingHandler(certificate)),
        };
        options.Retry.MaxRetries = 0;
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
    }
}
